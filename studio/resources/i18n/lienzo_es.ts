<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/window/help_menu.py" line="118"/>
        <source>About %1</source>
        <translation>Acerca de %1</translation>
    </message>
    <message>
        <location filename="../../ui/window/help_menu.py" line="126"/>
        <source>Open folder</source>
        <translation>Abrir carpeta</translation>
    </message>
    <message>
        <location filename="../../ui/window/help_menu.py" line="127"/>
        <source>Open the %1 folder</source>
        <translation>Abrir la carpeta %1</translation>
    </message>
    <message>
        <location filename="../../ui/window/help_menu.py" line="133"/>
        <source>Copy diagnostics</source>
        <translation>Copiar diagnóstico</translation>
    </message>
    <message>
        <location filename="../../ui/window/help_menu.py" line="144"/>
        <source>Create images with Stable Diffusion on your own computer.</source>
        <translation>Crea imágenes con Stable Diffusion en tu propio ordenador.</translation>
    </message>
    <message>
        <location filename="../../ui/window/help_menu.py" line="149"/>
        <source>Pictures</source>
        <translation>Imágenes</translation>
    </message>
    <message>
        <location filename="../../ui/window/help_menu.py" line="150"/>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <location filename="../../ui/window/help_menu.py" line="151"/>
        <source>Data</source>
        <translation>Datos</translation>
    </message>
    <message>
        <location filename="../../ui/window/help_menu.py" line="152"/>
        <source>Cache (models, thumbnails)</source>
        <translation>Caché (modelos, miniaturas)</translation>
    </message>
    <message>
        <location filename="../../ui/window/help_menu.py" line="153"/>
        <source>Logs</source>
        <translation>Registros</translation>
    </message>
</context>
<context>
    <name>CanvasView</name>
    <message>
        <location filename="../../ui/canvas.py" line="28"/>
        <source>Canvas</source>
        <translation>Lienzo</translation>
    </message>
    <message>
        <location filename="../../ui/canvas.py" line="30"/>
        <source>The picture being made. Ctrl+V here pastes an image to transform.</source>
        <translation>La imagen que se está creando. Ctrl+V aquí pega una imagen para transformarla.</translation>
    </message>
    <message>
        <location filename="../../ui/canvas.py" line="25"/>
        <source>Write what you want to see and press Ctrl+Enter.
Drop or paste an image here to transform it.</source>
        <translation>Escribe lo que quieres ver y pulsa Ctrl+Intro.
Suelta o pega aquí una imagen para transformarla.</translation>
    </message>
</context>
<context>
    <name>CatalogTable</name>
    <message>
        <location filename="../../ui/models/tables.py" line="66"/>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../../ui/models/tables.py" line="67"/>
        <source>Download</source>
        <translation>Descarga</translation>
    </message>
    <message>
        <location filename="../../ui/models/tables.py" line="68"/>
        <source>Memory</source>
        <translation>Memoria</translation>
    </message>
    <message>
        <location filename="../../ui/models/tables.py" line="69"/>
        <source>Time per image</source>
        <translation>Tiempo por imagen</translation>
    </message>
    <message>
        <location filename="../../ui/models/tables.py" line="70"/>
        <source>Fits this computer</source>
        <translation>Cabe en este equipo</translation>
    </message>
    <message>
        <location filename="../../ui/models/tables.py" line="71"/>
        <source>Licence</source>
        <translation>Licencia</translation>
    </message>
    <message>
        <location filename="../../ui/models/tables.py" line="93"/>
        <source>(installed)</source>
        <translation>(instalado)</translation>
    </message>
    <message>
        <location filename="../../ui/models/tables.py" line="109"/>
        <source>Detecting the hardware…</source>
        <translation>Detectando el hardware…</translation>
    </message>
    <message>
        <location filename="../../ui/models/tables.py" line="119"/>
        <source>add-on</source>
        <translation>complemento</translation>
    </message>
    <message>
        <location filename="../../ui/models/tables.py" line="121"/>
        <source>not measured</source>
        <translation>sin medir</translation>
    </message>
</context>
<context>
    <name>EditPanel</name>
    <message>
        <location filename="../../ui/edit/panel.py" line="170"/>
        <source>Extend (left, top, right, bottom):</source>
        <translation>Ampliar (izquierda, arriba, derecha, abajo):</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="173"/>
        <source>Pixels added on this side; the new area is drawn</source>
        <translation>Píxeles que se añaden en este lado; la zona nueva se dibuja</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="230"/>
        <source>Extend left</source>
        <translation>Ampliar por la izquierda</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="230"/>
        <source>Extend top</source>
        <translation>Ampliar por arriba</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="230"/>
        <source>Extend right</source>
        <translation>Ampliar por la derecha</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="231"/>
        <source>Extend bottom</source>
        <translation>Ampliar por abajo</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="151"/>
        <source>Edit picture</source>
        <translation>Retocar imagen</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="152"/>
        <source>Brush</source>
        <translation>Pincel</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="153"/>
        <source>Paint what should be redrawn</source>
        <translation>Pinta lo que se debe redibujar</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="154"/>
        <source>Eraser</source>
        <translation>Borrador</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="155"/>
        <source>Take part of the mask away</source>
        <translation>Quita parte de la máscara</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="156"/>
        <source>Brush size in pixels of the picture ([ and ])</source>
        <translation>Tamaño del pincel en píxeles de la imagen ([ y ])</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="157"/>
        <source>Clear</source>
        <translation>Borrar todo</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="158"/>
        <source>Invert</source>
        <translation>Invertir</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="159"/>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="160"/>
        <source>Redo</source>
        <translation>Rehacer</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="161"/>
        <source>Strength:</source>
        <translation>Intensidad:</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="162"/>
        <source>Soft edge:</source>
        <translation>Borde suave:</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="163"/>
        <source>Masked area only, at full resolution</source>
        <translation>Solo la zona enmascarada, a resolución completa</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="165"/>
        <source>Redraw a crop around the mask at the model&apos;s size: best for small faces</source>
        <translation>Redibuja un recorte alrededor de la máscara al tamaño del modelo: ideal para caras pequeñas</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="167"/>
        <source>Context kept around the mask in that crop</source>
        <translation>Contexto que se conserva alrededor de la máscara en ese recorte</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="168"/>
        <source>Padding around the mask</source>
        <translation>Margen alrededor de la máscara</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="169"/>
        <source>Generate in the mask</source>
        <translation>Generar en la máscara</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="174"/>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="195"/>
        <source>Back to the canvas; the mask is kept (Esc)</source>
        <translation>Volver al lienzo; la máscara se conserva (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="160"/>
        <source>Paint over what should change, type what should appear there in the Prompt box on the left, then press Generate in the mask.</source>
        <translation>Pinta encima de lo que debe cambiar, escribe lo que debe aparecer ahí en el cuadro Prompt de la izquierda y pulsa Generar en la máscara.</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="176"/>
        <source>Picture with its mask</source>
        <translation>Imagen con su máscara</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="179"/>
        <source>Paint what should be redrawn. Drag a border outward to extend the picture. Zoom: Ctrl+wheel or + and -; move: space+drag or the middle button; 0 fits.</source>
        <translation>Pinta lo que se debe redibujar. Arrastra un borde hacia fuera para ampliar la imagen. Zoom: Ctrl+rueda o + y -; mover: espacio+arrastrar o el botón central; 0 la encaja.</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="184"/>
        <source>Zoom in (+)</source>
        <translation>Acercar (+)</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="186"/>
        <source>Zoom out (-)</source>
        <translation>Alejar (-)</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="187"/>
        <source>Fit</source>
        <translation>Encajar</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="188"/>
        <source>Show the whole picture (0)</source>
        <translation>Ver la imagen entera (0)</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="219"/>
        <source>Method: decided when the model loads (inpainting model or blending)</source>
        <translation>Método: se decide al cargar el modelo (modelo de inpainting o mezcla)</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="221"/>
        <source>Method: inpainting model — it sees the picture and the mask</source>
        <translation>Método: modelo de inpainting — ve la imagen y la máscara</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="224"/>
        <source>Method: blending — an ordinary model; the masked part is blended in at each step (an inpainting model from Models gives cleaner edges)</source>
        <translation>Método: mezcla — un modelo normal; la zona enmascarada se mezcla en cada paso (un modelo de inpainting de Modelos da bordes más limpios)</translation>
    </message>
    <message>
        <location filename="../../ui/edit/panel.py" line="254"/>
        <source>Size: %1 px</source>
        <translation>Tamaño: %1 px</translation>
    </message>
</context>
<context>
    <name>EditMode</name>
    <message>
        <location filename="../../ui/edit/mode.py" line="54"/>
        <source>Edit picture (inpaint)…</source>
        <translation>Retocar imagen (inpaint)…</translation>
    </message>
    <message>
        <location filename="../../ui/edit/mode.py" line="64"/>
        <source>Nothing to edit yet: generate, open or paste a picture first.</source>
        <translation>Aún no hay nada que retocar: primero genera, abre o pega una imagen.</translation>
    </message>
    <message>
        <location filename="../../ui/edit/mode.py" line="86"/>
        <source>Open in Edit picture</source>
        <translation>Abrir en Retocar imagen</translation>
    </message>
    <message>
        <location filename="../../ui/edit/mode.py" line="96"/>
        <location filename="../../ui/edit/mode.py" line="121"/>
        <source>The picture to edit could not be kept: %1</source>
        <translation>No se pudo guardar la imagen a retocar: %1</translation>
    </message>
    <message>
        <location filename="../../ui/edit/mode.py" line="115"/>
        <source>Paint over the part to redraw first (or extend a side), then Generate.</source>
        <translation>Primero pinta encima de la parte que quieres rehacer (o amplía un lado); después, Generar.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/gallery/export_dialog.py" line="80"/>
        <source>Export images</source>
        <translation>Exportar imágenes</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/gallery/export_dialog.py" line="81"/>
        <source>%n image(s) will be exported.</source>
        <translation>
            <numerusform>Se exportará %n imagen.</numerusform>
            <numerusform>Se exportarán %n imágenes.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/gallery/export_dialog.py" line="82"/>
        <source>&amp;As</source>
        <translation>&amp;Como</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/export_dialog.py" line="83"/>
        <source>&amp;Format</source>
        <translation>&amp;Formato</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/export_dialog.py" line="84"/>
        <source>&amp;Where</source>
        <translation>&amp;Dónde</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/export_dialog.py" line="86"/>
        <source>A folder</source>
        <translation>Una carpeta</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/export_dialog.py" line="86"/>
        <source>A .zip file</source>
        <translation>Un archivo .zip</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/export_dialog.py" line="86"/>
        <source>An HTML contact sheet</source>
        <translation>Una hoja de contactos HTML</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/export_dialog.py" line="89"/>
        <source>Remove prompts and settings (privacy)</source>
        <translation>Quitar descripciones y ajustes (privacidad)</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/export_dialog.py" line="90"/>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/export_dialog.py" line="114"/>
        <source>Export to</source>
        <translation>Exportar a</translation>
    </message>
</context>
<context>
    <name>ExportRunner</name>
    <message>
        <location filename="../../ui/gallery/export_dialog.py" line="146"/>
        <source>Exporting…</source>
        <translation>Exportando…</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/export_dialog.py" line="146"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>FiltersForm</name>
    <message>
        <location filename="../../ui/gallery/filters.py" line="59"/>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/filters.py" line="60"/>
        <source>Until</source>
        <translation>Hasta</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/filters.py" line="61"/>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/filters.py" line="62"/>
        <location filename="../../ui/gallery/filters.py" line="68"/>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/filters.py" line="63"/>
        <source>any width</source>
        <translation>cualquier ancho</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/filters.py" line="64"/>
        <source>any height</source>
        <translation>cualquier alto</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/filters.py" line="65"/>
        <source>Width</source>
        <translation>Ancho</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/filters.py" line="66"/>
        <source>Height</source>
        <translation>Alto</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/filters.py" line="67"/>
        <source>part of the model name</source>
        <translation>parte del nombre del modelo</translation>
    </message>
</context>
<context>
    <name>GalleryPanel</name>
    <message>
        <location filename="../../ui/gallery/panel.py" line="92"/>
        <source>Gallery</source>
        <translation>Galería</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="94"/>
        <source>Your pictures, newest first. Enter shows one; the menu key shows its actions.</source>
        <translation>Tus imágenes, las más recientes primero. Intro muestra una; la tecla de menú muestra sus acciones.</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="96"/>
        <location filename="../../ui/gallery/panel.py" line="158"/>
        <location filename="../../ui/gallery/panel.py" line="173"/>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="99"/>
        <source>Export the selected images, or all that are shown, to a folder, zip or web page</source>
        <translation>Exportar las imágenes seleccionadas, o todas las que se ven, a una carpeta, un zip o una página web</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="110"/>
        <source>Gallery (%1)</source>
        <translation>Galería (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="141"/>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="142"/>
        <source>Copy image</source>
        <translation>Copiar imagen</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="143"/>
        <source>Copy settings</source>
        <translation>Copiar ajustes</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="146"/>
        <source>Reuse settings</source>
        <translation>Reutilizar ajustes</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="150"/>
        <source>Use as image to transform</source>
        <translation>Usar como imagen a transformar</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="152"/>
        <source>Show in folder</source>
        <translation>Mostrar en la carpeta</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="153"/>
        <source>Favourite</source>
        <translation>Favorita</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="156"/>
        <source>Edit tags…</source>
        <translation>Editar etiquetas…</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="159"/>
        <source>Move to trash</source>
        <translation>Mover a la papelera</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="166"/>
        <source>Add %1 to favourites</source>
        <translation>Añadir %1 a favoritos</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="170"/>
        <source>Remove %1 from favourites</source>
        <translation>Quitar %1 de favoritos</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="176"/>
        <source>Move %1 to trash</source>
        <translation>Mover %1 a la papelera</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="196"/>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="197"/>
        <source>Tags for %1, separated by commas:</source>
        <translation>Etiquetas de %1, separadas por comas:</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="209"/>
        <source>Not moved to the trash</source>
        <translation>No se movió a la papelera</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/panel.py" line="229"/>
        <source>Exported %1 images to %2</source>
        <translation>Se exportaron %1 imágenes a %2</translation>
    </message>
</context>
<context>
    <name>GallerySearchBar</name>
    <message>
        <location filename="../../ui/gallery/filters.py" line="130"/>
        <source>Search prompts and tags</source>
        <translation>Buscar en descripciones y etiquetas</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/filters.py" line="131"/>
        <source>Search the gallery</source>
        <translation>Buscar en la galería</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/filters.py" line="132"/>
        <source>Show favourites only</source>
        <translation>Mostrar solo favoritos</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/filters.py" line="133"/>
        <source>Favourites only</source>
        <translation>Solo favoritos</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/filters.py" line="134"/>
        <source>Filter by date, size and model</source>
        <translation>Filtrar por fecha, tamaño y modelo</translation>
    </message>
    <message>
        <location filename="../../ui/gallery/filters.py" line="155"/>
        <source>Filters</source>
        <translation>Filtros</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <location filename="../../ui/window/help_menu.py" line="190"/>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <location filename="../../ui/window/help_menu.py" line="191"/>
        <source>How the window works (README)</source>
        <translation>Cómo funciona la ventana (README)</translation>
    </message>
    <message>
        <location filename="../../ui/window/help_menu.py" line="192"/>
        <source>Copy diagnostics</source>
        <translation>Copiar diagnóstico</translation>
    </message>
    <message>
        <location filename="../../ui/window/help_menu.py" line="193"/>
        <source>About %1</source>
        <translation>Acerca de %1</translation>
    </message>
    <message>
        <location filename="../../ui/window/help_menu.py" line="204"/>
        <source>Diagnostics copied to the clipboard.</source>
        <translation>Diagnóstico copiado al portapapeles.</translation>
    </message>
    <message>
        <location filename="../../ui/window/help_menu.py" line="217"/>
        <source>The README could not be opened.</source>
        <translation>No se pudo abrir el README.</translation>
    </message>
</context>
<context>
    <name>InitImageBox</name>
    <message>
        <location filename="../../ui/init_image_box.py" line="167"/>
        <source>Use its transparency as the mask</source>
        <translation>Usar su transparencia como máscara</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="169"/>
        <source>Redraw only the transparent part of this picture; keep the rest.</source>
        <translation>Redibujar solo la parte transparente de esta imagen; conservar el resto.</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="172"/>
        <source>Redraw only the masked part</source>
        <translation>Redibujar solo la zona enmascarada</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="78"/>
        <source>Image to transform</source>
        <translation>Imagen a transformar</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="79"/>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="80"/>
        <source>Stop using this image: generate from noise again.</source>
        <translation>Dejar de usar esta imagen: generar de nuevo desde el ruido.</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="81"/>
        <location filename="../../ui/init_image_box.py" line="93"/>
        <source>Reuse its settings</source>
        <translation>Reutilizar sus ajustes</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="83"/>
        <source>This image carries the settings it was made with: copy them to the panel.</source>
        <translation>Esta imagen guarda los ajustes con que se hizo: cópialos al panel.</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="86"/>
        <source>How much to change the image: low keeps it, high repaints it almost fully.</source>
        <translation>Cuánto cambiar la imagen: poco la conserva, mucho la repinta casi entera.</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="91"/>
        <source>How much to change the image</source>
        <translation>Cuánto cambiar la imagen</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="92"/>
        <source>Remove the image to transform</source>
        <translation>Quitar la imagen que se transforma</translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="162"/>
        <source>Change: %1%</source>
        <translation>Cambio: %1%</translation>
    </message>
</context>
<context>
    <name>InstalledTab</name>
    <message>
        <location filename="../../ui/models/installed_tab.py" line="63"/>
        <source>Verify files</source>
        <translation>Verificar archivos</translation>
    </message>
    <message>
        <location filename="../../ui/models/installed_tab.py" line="64"/>
        <source>Compare every file with the checksums of the hub.</source>
        <translation>Compara cada archivo con las sumas de comprobación del hub.</translation>
    </message>
    <message>
        <location filename="../../ui/models/installed_tab.py" line="65"/>
        <source>Delete…</source>
        <translation>Eliminar…</translation>
    </message>
    <message>
        <location filename="../../ui/models/installed_tab.py" line="66"/>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <location filename="../../ui/models/installed_tab.py" line="89"/>
        <source>Checking the files of %1…</source>
        <translation>Comprobando los archivos de %1…</translation>
    </message>
    <message>
        <location filename="../../ui/models/installed_tab.py" line="97"/>
        <source>%1: all %2 files are correct.</source>
        <translation>%1: los %2 archivos están bien.</translation>
    </message>
    <message>
        <location filename="../../ui/models/installed_tab.py" line="100"/>
        <source>%1: damaged files: %2. Delete the model and download it again.</source>
        <translation>%1: archivos dañados: %2. Elimina el modelo y vuelve a descargarlo.</translation>
    </message>
    <message>
        <location filename="../../ui/models/installed_tab.py" line="101"/>
        <source>no files could be checked</source>
        <translation>no se pudo comprobar ningún archivo</translation>
    </message>
    <message>
        <location filename="../../ui/models/installed_tab.py" line="108"/>
        <source>Delete %1 and free %2? Other apps that share this copy lose it too.</source>
        <translation>¿Eliminar %1 y liberar %2? Las otras aplicaciones que comparten esta copia también la pierden.</translation>
    </message>
    <message>
        <location filename="../../ui/models/installed_tab.py" line="112"/>
        <source>Delete model</source>
        <translation>Eliminar modelo</translation>
    </message>
    <message>
        <location filename="../../ui/models/installed_tab.py" line="120"/>
        <source>Deleted; %1 freed.</source>
        <translation>Eliminado; se liberaron %1.</translation>
    </message>
</context>
<context>
    <name>InstalledTable</name>
    <message>
        <location filename="../../ui/models/tables.py" line="135"/>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../../ui/models/tables.py" line="135"/>
        <source>Disk use</source>
        <translation>Espacio en disco</translation>
    </message>
    <message>
        <location filename="../../ui/models/tables.py" line="135"/>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../ui/models/tables.py" line="147"/>
        <source>complete</source>
        <translation>completo</translation>
    </message>
    <message>
        <location filename="../../ui/models/tables.py" line="147"/>
        <source>incomplete: download again</source>
        <translation>incompleto: vuelve a descargarlo</translation>
    </message>
</context>
<context>
    <name>LoraPanel</name>
    <message>
        <location filename="../../ui/lora_panel.py" line="81"/>
        <source>“%1” is switched off (strength 0).</source>
        <translation>«%1» está desactivada (intensidad 0).</translation>
    </message>
    <message>
        <location filename="../../ui/lora_panel.py" line="83"/>
        <source>“%1” pushes the picture away from its style (strength %2).</source>
        <translation>«%1» aleja la imagen de su estilo (intensidad %2).</translation>
    </message>
    <message>
        <location filename="../../ui/lora_panel.py" line="87"/>
        <source>“%1” is applied more strongly than trained (strength %2).</source>
        <translation>«%1» se aplica con más fuerza de la entrenada (intensidad %2).</translation>
    </message>
    <message>
        <location filename="../../ui/lora_panel.py" line="91"/>
        <source>“%1” changes the style of the picture (strength %2).</source>
        <translation>«%1» cambia el estilo de la imagen (intensidad %2).</translation>
    </message>
    <message>
        <location filename="../../ui/lora_panel.py" line="158"/>
        <source>No LoRA: the model draws in its own style.</source>
        <translation>Sin LoRA: el modelo dibuja con su propio estilo.</translation>
    </message>
    <message>
        <location filename="../../ui/lora_panel.py" line="166"/>
        <source>Add LoRA</source>
        <translation>Añadir LoRA</translation>
    </message>
    <message>
        <location filename="../../ui/lora_panel.py" line="167"/>
        <source>LoRA files (*.safetensors)</source>
        <translation>Archivos LoRA (*.safetensors)</translation>
    </message>
    <message>
        <location filename="../../ui/lora_panel.py" line="179"/>
        <source>The server has no LoRAs</source>
        <translation>El servidor no tiene LoRAs</translation>
    </message>
    <message>
        <location filename="../../ui/lora_panel.py" line="184"/>
        <source>Add LoRA…</source>
        <translation>Añadir LoRA…</translation>
    </message>
    <message>
        <location filename="../../ui/lora_panel.py" line="186"/>
        <source>A LoRA is a small add-on file that teaches the model a style or a subject.</source>
        <translation>Una LoRA es un pequeño archivo complementario que enseña al modelo un estilo o un tema.</translation>
    </message>
</context>
<context>
    <name>LoraRow</name>
    <message>
        <location filename="../../ui/lora_panel.py" line="68"/>
        <source>Strength of %1</source>
        <translation>Intensidad de %1</translation>
    </message>
    <message>
        <location filename="../../ui/lora_panel.py" line="70"/>
        <source>Stop using this LoRA</source>
        <translation>Dejar de usar esta LoRA</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="207"/>
        <source>Ready</source>
        <translation>Listo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="208"/>
        <source>Loading the model… (the first time takes a while)</source>
        <translation>Cargando el modelo… (la primera vez tarda un poco)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="209"/>
        <source>Generating…</source>
        <translation>Generando…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="210"/>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="221"/>
        <source>%1 is present but NOT used</source>
        <translation>%1 está presente pero NO se usa</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="237"/>
        <source>Generating on %1…</source>
        <translation>Generando en %1…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="251"/>
        <location filename="../../ui/main_window.py" line="258"/>
        <source>Saved %1</source>
        <translation>Guardada %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="260"/>
        <source>Cancelled: nothing was saved. The queue is paused.</source>
        <translation>Cancelado: no se guardó nada. La cola está en pausa.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="262"/>
        <source>Cancelled: nothing was saved.</source>
        <translation>Cancelado: no se guardó nada.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="264"/>
        <source>The picture could not be made: see the message.</source>
        <translation>No se pudo hacer la imagen: mira el mensaje.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="316"/>
        <source>Load settings from image</source>
        <translation>Cargar ajustes de una imagen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="318"/>
        <source>Images (*.png *.jpg *.jpeg *.webp)</source>
        <translation>Imágenes (*.png *.jpg *.jpeg *.webp)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="342"/>
        <source>Open image to transform</source>
        <translation>Abrir imagen a transformar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="344"/>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp)</source>
        <translation>Imágenes (*.png *.jpg *.jpeg *.webp *.bmp)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="366"/>
        <source>The settings could not be saved: %1</source>
        <translation>No se pudieron guardar los ajustes: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="407"/>
        <source>Stop and quit?</source>
        <translation>¿Detener y salir?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="408"/>
        <source>A picture is being made. Stop it and quit? Nothing half-made is saved.</source>
        <translation>Se está haciendo una imagen. ¿Detenerla y salir? No se guarda nada a medias.</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <location filename="../../ui/feedback.py" line="93"/>
        <location filename="../../ui/feedback.py" line="94"/>
        <source>Close this message</source>
        <translation>Cerrar este mensaje</translation>
    </message>
</context>
<context>
    <name>ModelChoice</name>
    <message>
        <location filename="../../ui/model_choice.py" line="68"/>
        <source>%1 is not on this computer yet. Download it once, or use the demo model now: it draws noise, but proves the app works.</source>
        <translation>%1 aún no está en este ordenador. Descárgalo una vez o usa ahora el modelo demo: dibuja ruido, pero demuestra que la aplicación funciona.</translation>
    </message>
    <message>
        <location filename="../../ui/model_choice.py" line="72"/>
        <source>Download it…</source>
        <translation>Descargarlo…</translation>
    </message>
    <message>
        <location filename="../../ui/model_choice.py" line="75"/>
        <source>Download it (%1)</source>
        <translation>Descargarlo (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/model_choice.py" line="83"/>
        <source>Use the demo model now</source>
        <translation>Usar ahora el modelo demo</translation>
    </message>
</context>
<context>
    <name>ModelFilesTab</name>
    <message>
        <location filename="../../ui/models/files_tab.py" line="92"/>
        <source>Your model files (used where they are, never copied)</source>
        <translation>Tus archivos de modelo (se usan donde están, nunca se copian)</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="93"/>
        <source>Add a model file…</source>
        <translation>Añadir un archivo de modelo…</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="94"/>
        <source>A .safetensors checkpoint, e.g. from Civitai.</source>
        <translation>Un checkpoint .safetensors, por ejemplo de Civitai.</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="95"/>
        <source>Remove from the list</source>
        <translation>Quitar de la lista</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="96"/>
        <source>The file itself stays on the disk.</source>
        <translation>El archivo sigue en el disco.</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="97"/>
        <source>Convert to safetensors</source>
        <translation>Convertir a safetensors</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="98"/>
        <source>Model folders of other apps (read-only)</source>
        <translation>Carpetas de modelos de otras aplicaciones (solo lectura)</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="99"/>
        <source>Find models of other apps</source>
        <translation>Buscar modelos de otras aplicaciones</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="101"/>
        <source>Looks for AUTOMATIC1111, Forge, ComfyUI and InvokeAI.</source>
        <translation>Busca AUTOMATIC1111, Forge, ComfyUI e InvokeAI.</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="103"/>
        <source>Use the ticked folders</source>
        <translation>Usar las carpetas marcadas</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="134"/>
        <source>%1 added (%2). Choose it in the model list.</source>
        <translation>%1 añadido (%2). Elígelo en la lista de modelos.</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="153"/>
        <source>“Convert to safetensors” reads only the weights from it, never running code from the file, and saves a safe copy in Lienzo Studio&apos;s model folder.</source>
        <translation>«Convertir a safetensors» lee solo los pesos, sin ejecutar nunca código del archivo, y guarda una copia segura en la carpeta de modelos de Lienzo Studio.</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="161"/>
        <source>Add a model file</source>
        <translation>Añadir un archivo de modelo</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="163"/>
        <source>Model files (*.safetensors *.gguf *.ckpt *.pt *.pth *.bin)</source>
        <translation>Archivos de modelo (*.safetensors *.gguf *.ckpt *.pt *.pth *.bin)</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="181"/>
        <source>Converting %1…</source>
        <translation>Convirtiendo %1…</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="198"/>
        <source>Looking for models of other apps…</source>
        <translation>Buscando modelos de otras aplicaciones…</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="207"/>
        <source>No models of other apps were found.</source>
        <translation>No se encontraron modelos de otras aplicaciones.</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="209"/>
        <source>Found %1 folders. Tick the ones to use and press “Use the ticked folders”.</source>
        <translation>Se encontraron %1 carpetas. Marca las que quieras usar y pulsa «Usar las carpetas marcadas».</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="221"/>
        <source>LoRAs</source>
        <translation>LoRAs</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="221"/>
        <source>models</source>
        <translation>modelos</translation>
    </message>
    <message>
        <location filename="../../ui/models/files_tab.py" line="244"/>
        <source>The folders are used in place, read-only.</source>
        <translation>Las carpetas se usan donde están, en solo lectura.</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <location filename="../../ui/models_dialog_picker.py" line="28"/>
        <source>downloaded</source>
        <translation>descargado</translation>
    </message>
    <message>
        <location filename="../../ui/models_dialog_picker.py" line="29"/>
        <source>your file</source>
        <translation>tu archivo</translation>
    </message>
    <message>
        <location filename="../../ui/models_dialog_picker.py" line="30"/>
        <source>other app</source>
        <translation>otra aplicación</translation>
    </message>
    <message>
        <location filename="../../ui/models_dialog_picker.py" line="31"/>
        <source>on the server</source>
        <translation>en el servidor</translation>
    </message>
    <message>
        <location filename="../../ui/models_dialog_picker.py" line="63"/>
        <source>automatic (best for this computer)</source>
        <translation>automático (el mejor para este equipo)</translation>
    </message>
    <message>
        <location filename="../../ui/models_dialog_picker.py" line="38"/>
        <source>draws noise, proves the app works</source>
        <translation>dibuja ruido, demuestra que la aplicación funciona</translation>
    </message>
    <message>
        <location filename="../../ui/models_dialog_picker.py" line="42"/>
        <source>The demo model is tiny and built in: it draws noise, but proves the app works without a download. For real pictures, download a model in Models…</source>
        <translation>El modelo demo es diminuto y viene incluido: dibuja ruido, pero demuestra que la aplicación funciona sin descargar nada. Para imágenes de verdad, descarga un modelo en Modelos…</translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <location filename="../../ui/models/dialog.py" line="151"/>
        <source>Models</source>
        <translation>Modelos</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="153"/>
        <source>Catalog</source>
        <translation>Catálogo</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="153"/>
        <source>On this computer</source>
        <translation>En este equipo</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="153"/>
        <source>Files and other apps</source>
        <translation>Archivos y otras aplicaciones</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="156"/>
        <source>Measure this computer</source>
        <translation>Medir este equipo</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="159"/>
        <source>Runs one step of each model with random weights (no download, about a minute per model) to estimate the time per image here. The result is remembered.</source>
        <translation>Ejecuta un paso de cada modelo con pesos aleatorios (sin descargar nada, alrededor de un minuto por modelo) para estimar el tiempo por imagen en este equipo. El resultado se recuerda.</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="163"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="164"/>
        <source>Hugging Face &amp;token:</source>
        <translation>&amp;Token de Hugging Face:</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="165"/>
        <source>Save token</source>
        <translation>Guardar token</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="168"/>
        <source>Gated model: accept its licence on huggingface.co while logged in, create a read token at huggingface.co/settings/tokens and paste it here.</source>
        <translation>Modelo restringido: acepta su licencia en huggingface.co con tu sesión iniciada, crea un token de lectura en huggingface.co/settings/tokens y pégalo aquí.</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="195"/>
        <source>Detecting the hardware…</source>
        <translation>Detectando el hardware…</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="197"/>
        <source>This computer: %1</source>
        <translation>Este equipo: %1</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="214"/>
        <source>Download (%1)</source>
        <translation>Descargar (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="230"/>
        <source>%1 is installed.</source>
        <translation>%1 está instalado.</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="234"/>
        <source>Download of %1 cancelled; nothing installed.</source>
        <translation>Descarga de %1 cancelada; no se instaló nada.</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="239"/>
        <source>Asking Hugging Face for the size of %1…</source>
        <translation>Preguntando a Hugging Face el tamaño de %1…</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="247"/>
        <source>%1 to download (%2 files)</source>
        <translation>%1 por descargar (%2 archivos)</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="256"/>
        <source>%1 of %2 · %3/s</source>
        <translation>%1 de %2 · %3/s</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="260"/>
        <source>%1 left</source>
        <translation>faltan %1</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="212"/>
        <source>Retry download</source>
        <translation>Reintentar la descarga</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="135"/>
        <source>Hugging Face token saved in the system keyring.</source>
        <translation>Token de Hugging Face guardado en el llavero del sistema.</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="281"/>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="290"/>
        <source>Measured: times are shown.</source>
        <translation>Medido: se muestran los tiempos.</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="293"/>
        <source>Stopped; the times measured so far are kept.</source>
        <translation>Detenido; se conservan los tiempos ya medidos.</translation>
    </message>
    <message>
        <location filename="../../ui/models/dialog.py" line="303"/>
        <source>Measuring %1 (%2 of %3)… other work can go on.</source>
        <translation>Midiendo %1 (%2 de %3)… puedes seguir trabajando.</translation>
    </message>
</context>
<context>
    <name>ModelsHookup</name>
    <message>
        <location filename="../../ui/models/hookup.py" line="64"/>
        <source>&amp;Models</source>
        <translation>&amp;Modelos</translation>
    </message>
    <message>
        <location filename="../../ui/models/hookup.py" line="65"/>
        <source>Models…</source>
        <translation>Modelos…</translation>
    </message>
    <message>
        <location filename="../../ui/models/hookup.py" line="141"/>
        <source>automatic (the server&apos;s first model)</source>
        <translation>automático (el primer modelo del servidor)</translation>
    </message>
    <message>
        <location filename="../../ui/models/hookup.py" line="163"/>
        <source>Models of %1 were found on this computer. To use them in place (nothing is copied), open Models ▸ Files and other apps.</source>
        <translation>Se encontraron modelos de %1 en este equipo. Para usarlos donde están (no se copia nada), abre Modelos ▸ Archivos y otras aplicaciones.</translation>
    </message>
</context>
<context>
    <name>ProgressStrip</name>
    <message>
        <location filename="../../ui/feedback.py" line="54"/>
        <source>image %1/%2</source>
        <translation>imagen %1/%2</translation>
    </message>
    <message>
        <location filename="../../ui/feedback.py" line="59"/>
        <source>step %1/%2</source>
        <translation>paso %1/%2</translation>
    </message>
    <message>
        <location filename="../../ui/feedback.py" line="64"/>
        <source>%1 left</source>
        <translation>faltan %1</translation>
    </message>
</context>
<context>
    <name>PromptPanel</name>
    <message>
        <location filename="../../ui/prompt_panel.py" line="170"/>
        <source>&amp;Prompt — what to draw</source>
        <translation>&amp;Prompt — qué dibujar</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="171"/>
        <source>a lighthouse at sunset, oil painting</source>
        <translation>un faro al atardecer, pintura al óleo</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="173"/>
        <source>Describe the picture in plain words. Ctrl+Enter generates.</source>
        <translation>Describe la imagen con palabras sencillas. Ctrl+Intro genera.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="175"/>
        <location filename="../../ui/prompt_panel.py" line="231"/>
        <source>Recent prompts</source>
        <translation>Prompts recientes</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="176"/>
        <source>&amp;Avoid</source>
        <translation>&amp;Evitar</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="177"/>
        <source>blurry, text, watermark</source>
        <translation>borroso, texto, marca de agua</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="179"/>
        <source>Things you do not want in the picture (negative prompt).</source>
        <translation>Lo que no quieres en la imagen (prompt negativo).</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="181"/>
        <location filename="../../ui/prompt_panel.py" line="232"/>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="182"/>
        <source>Sizes that suit the chosen model. Bigger is slower.</source>
        <translation>Tamaños adecuados al modelo elegido. Más grande es más lento.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="183"/>
        <source>Images</source>
        <translation>Imágenes</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="184"/>
        <source>How many pictures to make, each with the next seed.</source>
        <translation>Cuántas imágenes hacer, cada una con la semilla siguiente.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="236"/>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="188"/>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="189"/>
        <location filename="../../ui/prompt_panel.py" line="238"/>
        <source>Seed</source>
        <translation>Semilla</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="190"/>
        <location filename="../../ui/prompt_panel.py" line="242"/>
        <source>Steps</source>
        <translation>Pasos</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="191"/>
        <location filename="../../ui/prompt_panel.py" line="243"/>
        <source>Guidance</source>
        <translation>Guía</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="192"/>
        <location filename="../../ui/prompt_panel.py" line="244"/>
        <source>Sampler</source>
        <translation>Muestreador</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="196"/>
        <source>automatic</source>
        <translation>automático</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="198"/>
        <source>“demo”, a model folder, a .safetensors file or a Hugging Face id.</source>
        <translation>«demo», una carpeta de modelo, un archivo .safetensors o un id de Hugging Face.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="201"/>
        <source>Models: download, add files, use other apps&apos; models</source>
        <translation>Modelos: descargar, añadir archivos, usar los modelos de otras aplicaciones</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="203"/>
        <source>random</source>
        <translation>aleatoria</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="205"/>
        <source>Same seed and settings: same picture on the same device. Empty means random.</source>
        <translation>La misma semilla y ajustes dan la misma imagen en el mismo dispositivo. Vacía significa aleatoria.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="207"/>
        <location filename="../../ui/prompt_panel.py" line="239"/>
        <source>Random seed</source>
        <translation>Semilla aleatoria</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="208"/>
        <source>Reuse the seed of the last picture</source>
        <translation>Reutilizar la semilla de la última imagen</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="209"/>
        <source>Keep</source>
        <translation>Mantener</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="210"/>
        <source>Keep this seed for the next pictures</source>
        <translation>Mantener esta semilla para las próximas imágenes</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="212"/>
        <source>More steps: more detail, slower. Turbo models need 1–4.</source>
        <translation>Más pasos: más detalle, más lento. Los modelos Turbo necesitan 1–4.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="215"/>
        <source>How strictly to follow the prompt. Turbo models use 0.</source>
        <translation>Cuánto seguir el prompt al pie de la letra. Los modelos Turbo usan 0.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="217"/>
        <source>The method that removes the noise step by step.</source>
        <translation>El método que quita el ruido paso a paso.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="218"/>
        <source>Generate  (Ctrl+Enter)</source>
        <translation>Generar  (Ctrl+Intro)</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="219"/>
        <source>Make a picture with these settings.</source>
        <translation>Crear una imagen con estos ajustes.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="220"/>
        <source>Cancel  (Esc)</source>
        <translation>Cancelar  (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="221"/>
        <source>Stop the picture being made; nothing is saved.</source>
        <translation>Detener la imagen en curso; no se guarda nada.</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="230"/>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="233"/>
        <source>Number of images</source>
        <translation>Número de imágenes</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="234"/>
        <source>Advanced settings</source>
        <translation>Ajustes avanzados</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="235"/>
        <source>Avoid (negative prompt)</source>
        <translation>Evitar (prompt negativo)</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="237"/>
        <source>Models…</source>
        <translation>Modelos…</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="240"/>
        <source>Reuse the last seed</source>
        <translation>Reutilizar la última semilla</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="241"/>
        <source>Keep this seed</source>
        <translation>Mantener esta semilla</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="245"/>
        <source>Generate</source>
        <translation>Generar</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="246"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="277"/>
        <source>Advanced</source>
        <translation>Avanzado</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="349"/>
        <source>square</source>
        <translation>cuadrada</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="349"/>
        <source>portrait</source>
        <translation>vertical</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="349"/>
        <source>landscape</source>
        <translation>horizontal</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="185"/>
        <source>Mo&amp;del</source>
        <translation>Mo&amp;delo</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="222"/>
        <source>Show or hide LoRAs, seed, steps and sampler.</source>
        <translation>Muestra u oculta LoRAs, semilla, pasos y muestreador.</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../ui/queue_panel.py" line="50"/>
        <location filename="../../ui/queue_panel.py" line="57"/>
        <source>Run earlier</source>
        <translation>Ejecutar antes</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="52"/>
        <location filename="../../ui/queue_panel.py" line="58"/>
        <source>Run later</source>
        <translation>Ejecutar después</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="54"/>
        <location filename="../../ui/queue_panel.py" line="59"/>
        <source>Remove from the queue</source>
        <translation>Quitar de la cola</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="60"/>
        <source>Queue</source>
        <translation>Cola</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="63"/>
        <source>Pictures waiting their turn, first at the top.</source>
        <translation>Imágenes que esperan su turno; la primera, arriba.</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="74"/>
        <source>Queue (%1)</source>
        <translation>Cola (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="81"/>
        <source>Resume the queue</source>
        <translation>Reanudar la cola</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="81"/>
        <source>Pause the queue after this job</source>
        <translation>Pausar la cola tras este trabajo</translation>
    </message>
</context>
<context>
    <name>QueuedImages</name>
    <message>
        <location filename="../../ui/dropped_images.py" line="31"/>
        <source>%1 img2img jobs queued: one for each dropped picture, with the panel&apos;s settings.</source>
        <translation>%1 trabajos img2img en cola: uno por cada imagen soltada, con los ajustes del panel.</translation>
    </message>
    <message>
        <location filename="../../ui/dropped_images.py" line="37"/>
        <source>Not used:</source>
        <translation>No se usaron:</translation>
    </message>
</context>
<context>
    <name>ReuseInpaint</name>
    <message>
        <location filename="../../ui/reuse_inpaint.py" line="96"/>
        <source>the source picture</source>
        <translation>la imagen de origen</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_inpaint.py" line="98"/>
        <source>the mask</source>
        <translation>la máscara</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_inpaint.py" line="100"/>
        <source>This picture was inpainted, but %1 could not be found beside it; the prompt and the other settings were restored.</source>
        <translation>Esta imagen se retocó, pero no se encontró %1 junto a ella; se restauraron la descripción y los demás ajustes.</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_inpaint.py" line="104"/>
        <source> and </source>
        <translation> y </translation>
    </message>
    <message>
        <location filename="../../ui/reuse_inpaint.py" line="114"/>
        <source>The source picture and the sides to extend were restored: Generate extends it again, or open it in Edit picture.</source>
        <translation>Se restauraron la imagen de origen y los lados a ampliar: Generar la vuelve a ampliar, o ábrela en Retocar imagen.</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_inpaint.py" line="119"/>
        <source>The source picture, the mask and its settings were restored: Generate redraws the masked part again, or open it in Edit picture.</source>
        <translation>Se restauraron la imagen de origen, la máscara y sus ajustes: Generar vuelve a redibujar la zona enmascarada, o ábrela en Retocar imagen.</translation>
    </message>
</context>
<context>
    <name>ReuseSettings</name>
    <message>
        <location filename="../../ui/reuse_settings.py" line="44"/>
        <source>The settings in %1 could not be read; they were skipped.</source>
        <translation>Los ajustes de %1 no se pudieron leer; se omitieron.</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_settings.py" line="48"/>
        <source>No generation settings found in this image.</source>
        <translation>No se encontraron ajustes de generación en esta imagen.</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_settings.py" line="67"/>
        <source>Settings loaded from %1 (%2).</source>
        <translation>Ajustes cargados de %1 (%2).</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_settings.py" line="78"/>
        <source>automatic</source>
        <translation>automático</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_settings.py" line="89"/>
        <source>This image was made with the model %1, which is not installed here; the current model (%2) was kept.</source>
        <translation>Esta imagen se hizo con el modelo %1, que no está instalado aquí; se mantuvo el modelo actual (%2).</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_settings.py" line="95"/>
        <source>This image was made with the model %1; the current model (%2) was kept.</source>
        <translation>Esta imagen se hizo con el modelo %1; se mantuvo el modelo actual (%2).</translation>
    </message>
</context>
<context>
    <name>ServersPage</name>
    <message>
        <location filename="../../ui/servers/page.py" line="94"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="94"/>
        <location filename="../../ui/servers/page.py" line="101"/>
        <location filename="../../ui/servers/page.py" line="113"/>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="94"/>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="96"/>
        <source>Add a server</source>
        <translation>Añadir un servidor</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="97"/>
        <source>optional</source>
        <translation>opcional</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="98"/>
        <source>optional: a password, or a token alone</source>
        <translation>opcional: una contraseña, o un token solo</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="100"/>
        <location filename="../../ui/servers/page.py" line="116"/>
        <source>Run jobs on</source>
        <translation>Generar en</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="102"/>
        <location filename="../../ui/servers/page.py" line="114"/>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="103"/>
        <location filename="../../ui/servers/page.py" line="115"/>
        <source>Password or token</source>
        <translation>Contraseña o token</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="107"/>
        <source>Add</source>
        <translation>Añadir</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="108"/>
        <source>Test</source>
        <translation>Probar</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="109"/>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="112"/>
        <source>Servers</source>
        <translation>Servidores</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="157"/>
        <source>This computer</source>
        <translation>Este equipo</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="161"/>
        <source>All (this computer and every server)</source>
        <translation>Todos (este equipo y cada servidor)</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="184"/>
        <source>Type the server&apos;s address, like http://gpu-box:8188.</source>
        <translation>Escribe la dirección del servidor, como http://gpu-box:8188.</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="193"/>
        <source>Press Add again to add it anyway.</source>
        <translation>Pulsa Añadir otra vez para añadirlo de todos modos.</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="196"/>
        <location filename="../../ui/servers/page.py" line="219"/>
        <source>Connecting to %1…</source>
        <translation>Conectando con %1…</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="212"/>
        <source>Added %1 (%2).</source>
        <translation>Añadido %1 (%2).</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="230"/>
        <source>GPU: %1</source>
        <translation>GPU: %1</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="232"/>
        <source>VRAM: %1 GB</source>
        <translation>VRAM: %1 GB</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="234"/>
        <source>models: %1</source>
        <translation>modelos: %1</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="236"/>
        <source>LoRAs: %1</source>
        <translation>LoRAs: %1</translation>
    </message>
    <message>
        <location filename="../../ui/servers/page.py" line="250"/>
        <source>Removed %1.</source>
        <translation>Quitado %1.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="39"/>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="65"/>
        <source>Allow other programs to use Lienzo</source>
        <translation>Permitir que otros programas usen Lienzo</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="68"/>
        <source>While this window is open, programs on this computer can make pictures through AUTOMATIC1111&apos;s API at http://127.0.0.1:7860.</source>
        <translation>Mientras esta ventana esté abierta, los programas de este ordenador pueden crear imágenes mediante la API de AUTOMATIC1111 en http://127.0.0.1:7860.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="85"/>
        <source>Other programs</source>
        <translation>Otros programas</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="41"/>
        <source>System language</source>
        <translation>Idioma del sistema</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="45"/>
        <source>the gallery folder</source>
        <translation>la carpeta de la galería</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="48"/>
        <location filename="../../ui/settings_dialog.py" line="49"/>
        <source>Choose a folder</source>
        <translation>Elegir una carpeta</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="53"/>
        <source>chosen for this computer</source>
        <translation>elegido para este equipo</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="55"/>
        <source>“demo”, a model folder, a .safetensors file or a Hugging Face id.</source>
        <translation>«demo», una carpeta de modelo, un archivo .safetensors o un id de Hugging Face.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="57"/>
        <source>Automatic</source>
        <translation>Automático</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="60"/>
        <source>System</source>
        <translation>Sistema</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="60"/>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="60"/>
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="63"/>
        <source>Show the picture forming at every step</source>
        <translation>Mostrar la imagen formándose en cada paso</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="79"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="90"/>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="96"/>
        <source>Generate on</source>
        <translation>Generar en</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="50"/>
        <location filename="../../ui/settings_dialog.py" line="80"/>
        <location filename="../../ui/settings_dialog.py" line="138"/>
        <source>Save pictures in</source>
        <translation>Guardar imágenes en</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="81"/>
        <source>Default model</source>
        <translation>Modelo por defecto</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="82"/>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="83"/>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="84"/>
        <source>Live preview</source>
        <translation>Vista previa en vivo</translation>
    </message>
</context>
<context>
    <name>TimelineStrip</name>
    <message>
        <location filename="../../ui/timeline.py" line="73"/>
        <source>Denoising steps</source>
        <translation>Pasos de eliminación de ruido</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="75"/>
        <source>Drag to see the picture emerge from the noise, step by step</source>
        <translation>Arrastra para ver cómo la imagen surge del ruido, paso a paso</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="77"/>
        <source>Export animation…</source>
        <translation>Exportar animación…</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="79"/>
        <source>Save these steps as an animated picture (GIF or WebP)</source>
        <translation>Guardar estos pasos como imagen animada (GIF o WebP)</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="133"/>
        <source>Finished</source>
        <translation>Terminada</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="133"/>
        <source>Step %1</source>
        <translation>Paso %1</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="140"/>
        <source>Export animation</source>
        <translation>Exportar animación</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="142"/>
        <source>Animated GIF (*.gif);;Animated WebP (*.webp)</source>
        <translation>GIF animado (*.gif);;WebP animado (*.webp)</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="156"/>
        <source>Animation saved: %1</source>
        <translation>Animación guardada: %1</translation>
    </message>
</context>
<context>
    <name>UnsavedImageKeeper</name>
    <message>
        <location filename="../../ui/window/unsaved_image.py" line="52"/>
        <source>Saved %1</source>
        <translation>Guardada %1</translation>
    </message>
    <message>
        <location filename="../../ui/window/unsaved_image.py" line="57"/>
        <source>Save image in…</source>
        <translation>Guardar la imagen en…</translation>
    </message>
    <message>
        <location filename="../../ui/window/unsaved_image.py" line="71"/>
        <source>The picture is kept here: use Image ▸ Save image as… to save it elsewhere.</source>
        <translation>La imagen se conserva aquí: usa Imagen ▸ Guardar imagen como… para guardarla en otro sitio.</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../ui/window/actions.py" line="64"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="65"/>
        <source>&amp;Image</source>
        <translation>&amp;Imagen</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="66"/>
        <source>Generate</source>
        <translation>Generar</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="67"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="68"/>
        <source>Paste image to transform</source>
        <translation>Pegar imagen a transformar</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="69"/>
        <source>Open image to transform…</source>
        <translation>Abrir imagen a transformar…</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="70"/>
        <source>Load settings from image…</source>
        <translation>Cargar ajustes de una imagen…</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="71"/>
        <source>Settings…</source>
        <translation>Ajustes…</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="72"/>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="73"/>
        <source>Advanced settings</source>
        <translation>Ajustes avanzados</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="74"/>
        <source>Save image as…</source>
        <translation>Guardar imagen como…</translation>
    </message>
</context>
</TS>
