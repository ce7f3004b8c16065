<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
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
    <name>GalleryPanel</name>
    <message>
        <location filename="../../ui/gallery_panel.py" line="47" />
        <source>Gallery</source>
        <translation>Galería</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="56" />
        <source>Gallery (%1)</source>
        <translation>Galería (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="72" />
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="73" />
        <source>Copy image</source>
        <translation>Copiar imagen</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="74" />
        <source>Copy settings</source>
        <translation>Copiar ajustes</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="78" />
        <source>Reuse settings</source>
        <translation>Reutilizar ajustes</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="81" />
        <source>Use as image to transform</source>
        <translation>Usar como imagen a transformar</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="83" />
        <source>Show in folder</source>
        <translation>Mostrar en la carpeta</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="84" />
        <source>Favourite</source>
        <translation>Favorita</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="88" />
        <source>Move to trash</source>
        <translation>Mover a la papelera</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="106" />
        <source>Not moved to the trash</source>
        <translation>No se movió a la papelera</translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="107" />
        <source>%1 could not be moved to the trash.</source>
        <translation>No se pudo mover %1 a la papelera.</translation>
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
        <location filename="../../ui/init_image_box.py" line="113" />
        <source>Change: %1%</source>
        <translation>Cambio: %1%</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="161" />
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="162" />
        <source>&amp;Image</source>
        <translation>&amp;Imagen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163" />
        <source>Generate</source>
        <translation>Generar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="164" />
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="165" />
        <source>Paste image to transform</source>
        <translation>Pegar imagen a transformar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="166" />
        <source>Open image to transform…</source>
        <translation>Abrir imagen a transformar…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="167" />
        <source>Settings…</source>
        <translation>Ajustes…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="168" />
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="169" />
        <source>Advanced settings</source>
        <translation>Ajustes avanzados</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="191" />
        <source>Ready</source>
        <translation>Listo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="192" />
        <source>Loading the model… (the first time takes a while)</source>
        <translation>Cargando el modelo… (la primera vez tarda un poco)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="193" />
        <source>Generating…</source>
        <translation>Generando…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="194" />
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205" />
        <source>%1 is present but NOT used</source>
        <translation>%1 está presente pero NO se usa</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="229" />
        <location filename="../../ui/main_window.py" line="236" />
        <source>Saved %1</source>
        <translation>Guardada %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="238" />
        <source>Cancelled: nothing was saved. The queue is paused.</source>
        <translation>Cancelado: no se guardó nada. La cola está en pausa.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="240" />
        <source>The picture could not be made: see the message.</source>
        <translation>No se pudo hacer la imagen: mira el mensaje.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="280" />
        <source>No generation settings found in this image.</source>
        <translation>No se encontraron ajustes de generación en esta imagen.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="296" />
        <source>Open image to transform</source>
        <translation>Abrir imagen a transformar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="298" />
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp)</source>
        <translation>Imágenes (*.png *.jpg *.jpeg *.webp *.bmp)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="316" />
        <source>The settings could not be saved: %1</source>
        <translation>No se pudieron guardar los ajustes: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="345" />
        <source>Stop and quit?</source>
        <translation>¿Detener y salir?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="346" />
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
        <location filename="../../ui/prompt_panel.py" line="148" />
        <source>&amp;Prompt — what to draw</source>
        <translation>&amp;Prompt — qué dibujar</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="149" />
        <source>a lighthouse at sunset, oil painting</source>
        <translation>un faro al atardecer, pintura al óleo</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="151" />
        <source>Describe the picture in plain words. Ctrl+Enter generates.</source>
        <translation>Describe la imagen con palabras sencillas. Ctrl+Intro genera.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="153" />
        <source>Recent prompts</source>
        <translation>Prompts recientes</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="154" />
        <source>&amp;Avoid</source>
        <translation>&amp;Evitar</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="155" />
        <source>blurry, text, watermark</source>
        <translation>borroso, texto, marca de agua</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="157" />
        <source>Things you do not want in the picture (negative prompt).</source>
        <translation>Lo que no quieres en la imagen (prompt negativo).</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="159" />
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="160" />
        <source>Sizes that suit the chosen model. Bigger is slower.</source>
        <translation>Tamaños adecuados al modelo elegido. Más grande es más lento.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="161" />
        <source>Images</source>
        <translation>Imágenes</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="162" />
        <source>How many pictures to make, each with the next seed.</source>
        <translation>Cuántas imágenes hacer, cada una con la semilla siguiente.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="164" />
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="165" />
        <source>Seed</source>
        <translation>Semilla</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="166" />
        <source>Steps</source>
        <translation>Pasos</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="167" />
        <source>Guidance</source>
        <translation>Guía</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="168" />
        <source>Sampler</source>
        <translation>Muestreador</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="172" />
        <source>automatic</source>
        <translation>automático</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="174" />
        <source>“demo”, a model folder, a .safetensors file or a Hugging Face id.</source>
        <translation>«demo», una carpeta de modelo, un archivo .safetensors o un id de Hugging Face.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="176" />
        <source>random</source>
        <translation>aleatoria</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="178" />
        <source>The same seed and settings give the same picture. Empty means random.</source>
        <translation>La misma semilla y ajustes dan la misma imagen. Vacía significa aleatoria.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="180" />
        <source>Random seed</source>
        <translation>Semilla aleatoria</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="181" />
        <source>Reuse the seed of the last picture</source>
        <translation>Reutilizar la semilla de la última imagen</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="182" />
        <source>Keep</source>
        <translation>Mantener</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="183" />
        <source>Keep this seed for the next pictures</source>
        <translation>Mantener esta semilla para las próximas imágenes</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="185" />
        <source>More steps: more detail, slower. Turbo models need 1–4.</source>
        <translation>Más pasos: más detalle, más lento. Los modelos Turbo necesitan 1–4.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="188" />
        <source>How strictly to follow the prompt. Turbo models use 0.</source>
        <translation>Cuánto seguir el prompt al pie de la letra. Los modelos Turbo usan 0.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="190" />
        <source>The method that removes the noise step by step.</source>
        <translation>El método que quita el ruido paso a paso.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="191" />
        <source>Generate  (Ctrl+Enter)</source>
        <translation>Generar  (Ctrl+Intro)</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="192" />
        <source>Cancel  (Esc)</source>
        <translation>Cancelar  (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="211" />
        <source>Advanced</source>
        <translation>Avanzado</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="273" />
        <source>square</source>
        <translation>cuadrada</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="273" />
        <source>portrait</source>
        <translation>vertical</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="273" />
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
</TS>