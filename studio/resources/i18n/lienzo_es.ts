<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>CanvasView</name>
    <message>
        <location filename="../../ui/canvas.py" line="19" />
        <source>Canvas</source>
        <translation>Lienzo</translation>
    </message>
    <message>
        <location filename="../../ui/canvas.py" line="24" />
        <source>Write what you want to see and press Ctrl+Enter.
Drop or paste an image here to transform it.</source>
        <translation>Escribe lo que quieres ver y pulsa Ctrl+Intro.
Suelta o pega aquí una imagen para transformarla.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/gallery_export_dialog.py" line="80" />
        <source>Export images</source>
        <translation>Exportar imágenes</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/gallery_export_dialog.py" line="81" />
        <source>%n image(s) will be exported.</source>
        <translation>
            <numerusform>Se exportará %n imagen.</numerusform><numerusform>Se exportarán %n imágenes.</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/gallery_export_dialog.py" line="82" />
        <source>&amp;As</source>
        <translation>&amp;Como</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_export_dialog.py" line="83" />
        <source>&amp;Format</source>
        <translation>&amp;Formato</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_export_dialog.py" line="84" />
        <source>&amp;Where</source>
        <translation>&amp;Dónde</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_export_dialog.py" line="86" />
        <source>A folder</source>
        <translation>Una carpeta</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_export_dialog.py" line="86" />
        <source>A .zip file</source>
        <translation>Un archivo .zip</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_export_dialog.py" line="86" />
        <source>An HTML contact sheet</source>
        <translation>Una hoja de contactos HTML</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_export_dialog.py" line="89" />
        <source>Remove prompts and settings (privacy)</source>
        <translation>Quitar descripciones y ajustes (privacidad)</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_export_dialog.py" line="90" />
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_export_dialog.py" line="114" />
        <source>Export to</source>
        <translation>Exportar a</translation>
    </message>
</context>
<context>
    <name>ExportRunner</name>
    <message>
        <location filename="../../ui/gallery_export_dialog.py" line="146" />
        <source>Exporting…</source>
        <translation>Exportando…</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_export_dialog.py" line="146" />
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>FiltersForm</name>
    <message>
        <location filename="../../ui/gallery_filters.py" line="59" />
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_filters.py" line="60" />
        <source>Until</source>
        <translation>Hasta</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_filters.py" line="61" />
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_filters.py" line="62" />
        <location filename="../../ui/gallery_filters.py" line="68" />
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_filters.py" line="63" />
        <source>any width</source>
        <translation>cualquier ancho</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_filters.py" line="64" />
        <source>any height</source>
        <translation>cualquier alto</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_filters.py" line="65" />
        <source>Width</source>
        <translation>Ancho</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_filters.py" line="66" />
        <source>Height</source>
        <translation>Alto</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_filters.py" line="67" />
        <source>part of the model name</source>
        <translation>parte del nombre del modelo</translation>
    </message>
</context>
<context>
    <name>GalleryPanel</name>
    <message>
        <location filename="../../ui/gallery_panel.py" line="82" />
        <source>Gallery</source>
        <translation>Galería</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="83" />
        <location filename="../../ui/gallery_panel.py" line="145" />
        <location filename="../../ui/gallery_panel.py" line="160" />
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="86" />
        <source>Export the selected images, or all that are shown, to a folder, zip or web page</source>
        <translation>Exportar las imágenes seleccionadas, o todas las que se ven, a una carpeta, un zip o una página web</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="97" />
        <source>Gallery (%1)</source>
        <translation>Galería (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="128" />
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="129" />
        <source>Copy image</source>
        <translation>Copiar imagen</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="130" />
        <source>Copy settings</source>
        <translation>Copiar ajustes</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="133" />
        <source>Reuse settings</source>
        <translation>Reutilizar ajustes</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="137" />
        <source>Use as image to transform</source>
        <translation>Usar como imagen a transformar</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="139" />
        <source>Show in folder</source>
        <translation>Mostrar en la carpeta</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="140" />
        <source>Favourite</source>
        <translation>Favorita</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="143" />
        <source>Edit tags…</source>
        <translation>Editar etiquetas…</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="146" />
        <source>Move to trash</source>
        <translation>Mover a la papelera</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="153" />
        <source>Add %1 to favourites</source>
        <translation>Añadir %1 a favoritos</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="157" />
        <source>Remove %1 from favourites</source>
        <translation>Quitar %1 de favoritos</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="163" />
        <source>Move %1 to trash</source>
        <translation>Mover %1 a la papelera</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="183" />
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="184" />
        <source>Tags for %1, separated by commas:</source>
        <translation>Etiquetas de %1, separadas por comas:</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="196" />
        <source>Not moved to the trash</source>
        <translation>No se movió a la papelera</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="216" />
        <source>Exported %1 images to %2</source>
        <translation>Se exportaron %1 imágenes a %2</translation>
    </message>
</context>
<context>
    <name>GallerySearchBar</name>
    <message>
        <location filename="../../ui/gallery_filters.py" line="130" />
        <source>Search prompts and tags</source>
        <translation>Buscar en descripciones y etiquetas</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_filters.py" line="131" />
        <source>Search the gallery</source>
        <translation>Buscar en la galería</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_filters.py" line="132" />
        <source>Show favourites only</source>
        <translation>Mostrar solo favoritos</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_filters.py" line="133" />
        <source>Favourites only</source>
        <translation>Solo favoritos</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_filters.py" line="134" />
        <source>Filter by date, size and model</source>
        <translation>Filtrar por fecha, tamaño y modelo</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_filters.py" line="155" />
        <source>Filters</source>
        <translation>Filtros</translation>
    </message>
</context>
<context>
    <name>InitImageBox</name>
    <message>
        <location filename="../../ui/init_image_box.py" line="64" />
        <source>Image to transform</source>
        <translation>Imagen a transformar</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="65" />
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="66" />
        <source>Stop using this image: generate from noise again.</source>
        <translation>Dejar de usar esta imagen: generar de nuevo desde el ruido.</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="67" />
        <source>Reuse its settings</source>
        <translation>Reutilizar sus ajustes</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="69" />
        <source>This image carries the settings it was made with: copy them to the panel.</source>
        <translation>Esta imagen guarda los ajustes con que se hizo: cópialos al panel.</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="72" />
        <source>How much to change the image: low keeps it, high repaints it almost fully.</source>
        <translation>Cuánto cambiar la imagen: poco la conserva, mucho la repinta casi entera.</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="116" />
        <source>Change: %1%</source>
        <translation>Cambio: %1%</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="168" />
        <source>Ready</source>
        <translation>Listo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="169" />
        <source>Loading the model… (the first time takes a while)</source>
        <translation>Cargando el modelo… (la primera vez tarda un poco)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="170" />
        <source>Generating…</source>
        <translation>Generando…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="171" />
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="182" />
        <source>%1 is present but NOT used</source>
        <translation>%1 está presente pero NO se usa</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="209" />
        <location filename="../../ui/main_window.py" line="216" />
        <source>Saved %1</source>
        <translation>Guardada %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="218" />
        <source>Cancelled: nothing was saved. The queue is paused.</source>
        <translation>Cancelado: no se guardó nada. La cola está en pausa.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="220" />
        <source>The picture could not be made: see the message.</source>
        <translation>No se pudo hacer la imagen: mira el mensaje.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="263" />
        <source>Load settings from image</source>
        <translation>Cargar ajustes de una imagen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="265" />
        <source>Images (*.png *.jpg *.jpeg *.webp)</source>
        <translation>Imágenes (*.png *.jpg *.jpeg *.webp)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="279" />
        <source>No generation settings found in this image.</source>
        <translation>No se encontraron ajustes de generación en esta imagen.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="287" />
        <source>Settings loaded from %1 (%2).</source>
        <translation>Ajustes cargados de %1 (%2).</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="304" />
        <source>Open image to transform</source>
        <translation>Abrir imagen a transformar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="306" />
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp)</source>
        <translation>Imágenes (*.png *.jpg *.jpeg *.webp *.bmp)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="324" />
        <source>The settings could not be saved: %1</source>
        <translation>No se pudieron guardar los ajustes: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="355" />
        <source>Stop and quit?</source>
        <translation>¿Detener y salir?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="356" />
        <source>A picture is being made. Stop it and quit? Nothing half-made is saved.</source>
        <translation>Se está haciendo una imagen. ¿Detenerla y salir? No se guarda nada a medias.</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <location filename="../../ui/feedback.py" line="76" />
        <source>Close this message</source>
        <translation>Cerrar este mensaje</translation>
    </message>
</context>
<context>
    <name>ProgressStrip</name>
    <message>
        <location filename="../../ui/feedback.py" line="42" />
        <source>image %1/%2</source>
        <translation>imagen %1/%2</translation>
    </message>
    <message>
        <location filename="../../ui/feedback.py" line="47" />
        <source>step %1/%2</source>
        <translation>paso %1/%2</translation>
    </message>
    <message>
        <location filename="../../ui/feedback.py" line="52" />
        <source>%1 left</source>
        <translation>faltan %1</translation>
    </message>
</context>
<context>
    <name>PromptPanel</name>
    <message>
        <location filename="../../ui/prompt_panel.py" line="152" />
        <source>&amp;Prompt — what to draw</source>
        <translation>&amp;Prompt — qué dibujar</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="153" />
        <source>a lighthouse at sunset, oil painting</source>
        <translation>un faro al atardecer, pintura al óleo</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="155" />
        <source>Describe the picture in plain words. Ctrl+Enter generates.</source>
        <translation>Describe la imagen con palabras sencillas. Ctrl+Intro genera.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="157" />
        <source>Recent prompts</source>
        <translation>Prompts recientes</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="158" />
        <source>&amp;Avoid</source>
        <translation>&amp;Evitar</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="159" />
        <source>blurry, text, watermark</source>
        <translation>borroso, texto, marca de agua</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="161" />
        <source>Things you do not want in the picture (negative prompt).</source>
        <translation>Lo que no quieres en la imagen (prompt negativo).</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="163" />
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="164" />
        <source>Sizes that suit the chosen model. Bigger is slower.</source>
        <translation>Tamaños adecuados al modelo elegido. Más grande es más lento.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="165" />
        <source>Images</source>
        <translation>Imágenes</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="166" />
        <source>How many pictures to make, each with the next seed.</source>
        <translation>Cuántas imágenes hacer, cada una con la semilla siguiente.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="168" />
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="169" />
        <source>Seed</source>
        <translation>Semilla</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="170" />
        <source>Steps</source>
        <translation>Pasos</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="171" />
        <source>Guidance</source>
        <translation>Guía</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="172" />
        <source>Sampler</source>
        <translation>Muestreador</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="176" />
        <source>automatic</source>
        <translation>automático</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="178" />
        <source>“demo”, a model folder, a .safetensors file or a Hugging Face id.</source>
        <translation>«demo», una carpeta de modelo, un archivo .safetensors o un id de Hugging Face.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="180" />
        <source>random</source>
        <translation>aleatoria</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="182" />
        <source>The same seed and settings give the same picture. Empty means random.</source>
        <translation>La misma semilla y ajustes dan la misma imagen. Vacía significa aleatoria.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="184" />
        <source>Random seed</source>
        <translation>Semilla aleatoria</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="185" />
        <source>Reuse the seed of the last picture</source>
        <translation>Reutilizar la semilla de la última imagen</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="186" />
        <source>Keep</source>
        <translation>Mantener</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="187" />
        <source>Keep this seed for the next pictures</source>
        <translation>Mantener esta semilla para las próximas imágenes</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="189" />
        <source>More steps: more detail, slower. Turbo models need 1–4.</source>
        <translation>Más pasos: más detalle, más lento. Los modelos Turbo necesitan 1–4.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="192" />
        <source>How strictly to follow the prompt. Turbo models use 0.</source>
        <translation>Cuánto seguir el prompt al pie de la letra. Los modelos Turbo usan 0.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="194" />
        <source>The method that removes the noise step by step.</source>
        <translation>El método que quita el ruido paso a paso.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="195" />
        <source>Generate  (Ctrl+Enter)</source>
        <translation>Generar  (Ctrl+Intro)</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="196" />
        <source>Cancel  (Esc)</source>
        <translation>Cancelar  (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="215" />
        <source>Advanced</source>
        <translation>Avanzado</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="277" />
        <source>square</source>
        <translation>cuadrada</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="277" />
        <source>portrait</source>
        <translation>vertical</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="277" />
        <source>landscape</source>
        <translation>horizontal</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../ui/queue_panel.py" line="49" />
        <source>Run earlier</source>
        <translation>Ejecutar antes</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="51" />
        <source>Run later</source>
        <translation>Ejecutar después</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="53" />
        <source>Remove from the queue</source>
        <translation>Quitar de la cola</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="64" />
        <source>Queue (%1)</source>
        <translation>Cola (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="72" />
        <source>Resume the queue</source>
        <translation>Reanudar la cola</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="72" />
        <source>Pause the queue after this job</source>
        <translation>Pausar la cola tras este trabajo</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="27" />
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="29" />
        <source>System language</source>
        <translation>Idioma del sistema</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="33" />
        <source>the gallery folder</source>
        <translation>la carpeta de la galería</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="36" />
        <source>Choose a folder</source>
        <translation>Elegir una carpeta</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="39" />
        <source>chosen for this computer</source>
        <translation>elegido para este equipo</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="41" />
        <source>“demo”, a model folder, a .safetensors file or a Hugging Face id.</source>
        <translation>«demo», una carpeta de modelo, un archivo .safetensors o un id de Hugging Face.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="43" />
        <source>Automatic</source>
        <translation>Automático</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="46" />
        <source>System</source>
        <translation>Sistema</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="46" />
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="46" />
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="49" />
        <source>Show the picture forming at every step</source>
        <translation>Mostrar la imagen formándose en cada paso</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="56" />
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="57" />
        <location filename="../../ui/settings_dialog.py" line="89" />
        <source>Save pictures in</source>
        <translation>Guardar imágenes en</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="58" />
        <source>Default model</source>
        <translation>Modelo por defecto</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="59" />
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="60" />
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="61" />
        <source>Live preview</source>
        <translation>Vista previa en vivo</translation>
    </message>
</context>
<context>
    <name>TimelineStrip</name>
    <message>
        <location filename="../../ui/timeline.py" line="73" />
        <source>Denoising steps</source>
        <translation>Pasos de eliminación de ruido</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="75" />
        <source>Drag to see the picture emerge from the noise, step by step</source>
        <translation>Arrastra para ver cómo la imagen surge del ruido, paso a paso</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="77" />
        <source>Export animation…</source>
        <translation>Exportar animación…</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="130" />
        <source>Finished</source>
        <translation>Terminada</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="130" />
        <source>Step %1</source>
        <translation>Paso %1</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="137" />
        <source>Export animation</source>
        <translation>Exportar animación</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="139" />
        <source>Animated GIF (*.gif);;Animated WebP (*.webp)</source>
        <translation>GIF animado (*.gif);;WebP animado (*.webp)</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="153" />
        <source>Animation saved: %1</source>
        <translation>Animación guardada: %1</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../ui/window_actions.py" line="47" />
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="48" />
        <source>&amp;Image</source>
        <translation>&amp;Imagen</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="49" />
        <source>Generate</source>
        <translation>Generar</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="50" />
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="51" />
        <source>Paste image to transform</source>
        <translation>Pegar imagen a transformar</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="52" />
        <source>Open image to transform…</source>
        <translation>Abrir imagen a transformar…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="53" />
        <source>Load settings from image…</source>
        <translation>Cargar ajustes de una imagen…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="54" />
        <source>Settings…</source>
        <translation>Ajustes…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="55" />
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="56" />
        <source>Advanced settings</source>
        <translation>Ajustes avanzados</translation>
    </message>
</context>
</TS>