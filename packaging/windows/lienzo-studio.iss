; Lienzo Studio — per-user Windows installer (Inno Setup 6). Built by build.ps1, which passes:
;   /DAppName=... /DAppVersion=... (read from studio/__init__.py)
;   /DStageDir=... (packaging/stage.py output plus python\)  /DOutputDir=...  /DRepoRoot=...
; No admin rights: installs to %LOCALAPPDATA%\Programs\Lienzo Studio. The installer is small
; (~30 MB: Python + the launcher + the app wheel); PyTorch (up to several GB, over NSIS/WiX's
; 2 GB limit if bundled) is installed on first launch by the launcher, for the user's GPU.

#ifndef AppName
  #error Run packaging\windows\build.ps1 (it defines AppName, AppVersion, StageDir, OutputDir)
#endif

[Setup]
AppId={{6F1B8C2E-3C7A-4E57-9A43-7C1D2B5E9A10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Lienzo Studio developers
AppPublisherURL=https://github.com/lienzo-studio/lienzo-studio
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=LienzoStudio-{#AppVersion}-windows-x64-setup
SetupIconFile={#StageDir}\app\icons\lienzo-studio.ico
UninstallDisplayIcon={app}\app\icons\lienzo-studio.ico
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
ChangesEnvironment=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"

[CustomMessages]
en.RemoveUserData=Also delete your {#AppName} settings and downloaded models?%n%nYour pictures (in Pictures\{#AppName}) are never deleted.
es.RemoveUserData=¿Borrar también los ajustes y los modelos descargados de {#AppName}?%n%nTus imágenes (en Imágenes\{#AppName}) nunca se borran.
en.LaunchApp=Start {#AppName} (the first start installs PyTorch for your computer)
es.LaunchApp=Abrir {#AppName} (la primera vez instala PyTorch para tu ordenador)

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#StageDir}\python\*"; DestDir: "{app}\python"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#StageDir}\app\*"; DestDir: "{app}\app"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; pythonw: no console window. The launcher gives the app a log file as stdout/stderr (both are
; None under pythonw, which crashes tqdm/logging) and runs the first-run setup when needed.
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\python\pythonw.exe"; \
  Parameters: "-E -s ""{app}\app\firstrun"""; WorkingDir: "{app}"; \
  IconFilename: "{app}\app\icons\lienzo-studio.ico"; Comment: "{#AppName} {#AppVersion}"
Name: "{autoprograms}\{#AppName} — set up PyTorch again"; Filename: "{app}\python\pythonw.exe"; \
  Parameters: "-E -s ""{app}\app\firstrun"" --setup"; WorkingDir: "{app}"; \
  IconFilename: "{app}\app\icons\lienzo-studio.ico"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\python\pythonw.exe"; \
  Parameters: "-E -s ""{app}\app\firstrun"""; WorkingDir: "{app}"; \
  IconFilename: "{app}\app\icons\lienzo-studio.ico"; Tasks: desktopicon

[Run]
Filename: "{app}\python\pythonw.exe"; Parameters: "-E -s ""{app}\app\firstrun"""; \
  WorkingDir: "{app}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Files Python wrote after installing (bytecode caches) and the managed venv (GBs; the app
; recreates it). Settings, models and the gallery are handled in [Code] / never touched.
Type: filesandordirs; Name: "{app}\python"
Type: filesandordirs; Name: "{app}\app"
Type: filesandordirs; Name: "{localappdata}\LienzoStudio\runtime"
Type: dirifempty; Name: "{app}"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  { platformdirs' folder for settings, cache (models), logs: %LOCALAPPDATA%\LienzoStudio.
    The gallery lives in the user's Pictures folder and is never deleted. }
  DataDir := ExpandConstant('{localappdata}\LienzoStudio');
  if DirExists(DataDir) and not UninstallSilent then
    if MsgBox(CustomMessage('RemoveUserData'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
      DelTree(DataDir, True, True, True);
end;
