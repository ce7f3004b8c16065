<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>CanvasView</name>
    <message>
        <location filename="../../ui/canvas.py" line="19"/>
        <source>Canvas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/canvas.py" line="24"/>
        <source>Write what you want to see and press Ctrl+Enter.
Drop or paste an image here to transform it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GalleryPanel</name>
    <message>
        <location filename="../../ui/gallery_panel.py" line="47"/>
        <source>Gallery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="56"/>
        <source>Gallery (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="72"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="73"/>
        <source>Copy image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="74"/>
        <source>Copy settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="78"/>
        <source>Reuse settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="81"/>
        <source>Use as image to transform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="83"/>
        <source>Show in folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="84"/>
        <source>Favourite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="88"/>
        <source>Move to trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="106"/>
        <source>Not moved to the trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/gallery_panel.py" line="107"/>
        <source>%1 could not be moved to the trash.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InitImageBox</name>
    <message>
        <location filename="../../ui/init_image_box.py" line="64"/>
        <source>Image to transform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="65"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="66"/>
        <source>Stop using this image: generate from noise again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="67"/>
        <source>Reuse its settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="69"/>
        <source>This image carries the settings it was made with: copy them to the panel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="72"/>
        <source>How much to change the image: low keeps it, high repaints it almost fully.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/init_image_box.py" line="113"/>
        <source>Change: %1%</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="161"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="162"/>
        <source>&amp;Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163"/>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="164"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="165"/>
        <source>Paste image to transform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="166"/>
        <source>Open image to transform…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="167"/>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="168"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="169"/>
        <source>Advanced settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="191"/>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="192"/>
        <source>Loading the model… (the first time takes a while)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="193"/>
        <source>Generating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="194"/>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205"/>
        <source>%1 is present but NOT used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="229"/>
        <location filename="../../ui/main_window.py" line="236"/>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="238"/>
        <source>Cancelled: nothing was saved. The queue is paused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="240"/>
        <source>The picture could not be made: see the message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="280"/>
        <source>No generation settings found in this image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="296"/>
        <source>Open image to transform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="298"/>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="316"/>
        <source>The settings could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="345"/>
        <source>Stop and quit?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="346"/>
        <source>A picture is being made. Stop it and quit? Nothing half-made is saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <location filename="../../ui/feedback.py" line="76"/>
        <source>Close this message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProgressStrip</name>
    <message>
        <location filename="../../ui/feedback.py" line="42"/>
        <source>image %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/feedback.py" line="47"/>
        <source>step %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/feedback.py" line="52"/>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PromptPanel</name>
    <message>
        <location filename="../../ui/prompt_panel.py" line="148"/>
        <source>&amp;Prompt — what to draw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="149"/>
        <source>a lighthouse at sunset, oil painting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="151"/>
        <source>Describe the picture in plain words. Ctrl+Enter generates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="153"/>
        <source>Recent prompts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="154"/>
        <source>&amp;Avoid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="155"/>
        <source>blurry, text, watermark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="157"/>
        <source>Things you do not want in the picture (negative prompt).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="159"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="160"/>
        <source>Sizes that suit the chosen model. Bigger is slower.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="161"/>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="162"/>
        <source>How many pictures to make, each with the next seed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="164"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="165"/>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="166"/>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="167"/>
        <source>Guidance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="168"/>
        <source>Sampler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="172"/>
        <source>automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="174"/>
        <source>“demo”, a model folder, a .safetensors file or a Hugging Face id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="176"/>
        <source>random</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="178"/>
        <source>The same seed and settings give the same picture. Empty means random.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="180"/>
        <source>Random seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="181"/>
        <source>Reuse the seed of the last picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="182"/>
        <source>Keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="183"/>
        <source>Keep this seed for the next pictures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="185"/>
        <source>More steps: more detail, slower. Turbo models need 1–4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="188"/>
        <source>How strictly to follow the prompt. Turbo models use 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="190"/>
        <source>The method that removes the noise step by step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="191"/>
        <source>Generate  (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="192"/>
        <source>Cancel  (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="272"/>
        <source>square</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="272"/>
        <source>portrait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompt_panel.py" line="272"/>
        <source>landscape</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../ui/queue_panel.py" line="49"/>
        <source>Run earlier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="51"/>
        <source>Run later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="53"/>
        <source>Remove from the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="64"/>
        <source>Queue (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="72"/>
        <source>Resume the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="72"/>
        <source>Pause the queue after this job</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="27"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="29"/>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="33"/>
        <source>the gallery folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="36"/>
        <source>Choose a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="39"/>
        <source>chosen for this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="41"/>
        <source>“demo”, a model folder, a .safetensors file or a Hugging Face id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="43"/>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="46"/>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="46"/>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="46"/>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="49"/>
        <source>Show the picture forming at every step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="56"/>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="57"/>
        <location filename="../../ui/settings_dialog.py" line="89"/>
        <source>Save pictures in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="58"/>
        <source>Default model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="59"/>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="60"/>
        <source>Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="61"/>
        <source>Live preview</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
