# Install the built installer silently for this user, run the first-run setup (CPU build, text
# mode), make one image with the demo model, uninstall, and check that the gallery survived.
#   powershell -ExecutionPolicy Bypass -File packaging\windows\smoke_test.ps1 -Installer <exe>
param([Parameter(Mandatory = $true)][string]$Installer)
$ErrorActionPreference = "Stop"
$app = Join-Path $env:LOCALAPPDATA "Programs\Lienzo Studio"
$log = Join-Path $env:TEMP "lienzo-install.log"

Start-Process -Wait -FilePath $Installer -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/CURRENTUSER", "/NORESTART", "/LOG=$log"
$python = Join-Path $app "python\python.exe"
if (-not (Test-Path $python)) { Get-Content $log; throw "not installed to $app" }
foreach ($shortcut in @("$env:APPDATA\Microsoft\Windows\Start Menu\Programs\Lienzo Studio.lnk",
                        "$env:USERPROFILE\Desktop\Lienzo Studio.lnk")) {
    if (-not (Test-Path $shortcut)) { throw "missing shortcut $shortcut" }
}

$launcher = Join-Path $app "app\firstrun"
& $python -E -s $launcher --setup-only --setup-console --setup-yes --setup-torch cpu
if ($LASTEXITCODE -ne 0) { throw "first-run setup failed" }
$image = & $python -E -s $launcher generate --model demo --prompt "un faro al atardecer" --quiet
if ($LASTEXITCODE -ne 0 -or -not (Test-Path $image)) { throw "no image from the demo model" }
Write-Host "demo image: $image"

$uninstaller = Join-Path $app "unins000.exe"
Start-Process -Wait -FilePath $uninstaller -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART"
Start-Sleep -Seconds 3  # the uninstaller finishes in a child process
if (Test-Path $python) { throw "still installed after uninstalling" }
if (Test-Path (Join-Path $env:LOCALAPPDATA "LienzoStudio\runtime")) { throw "runtime left behind" }
if (-not (Test-Path $image)) { throw "uninstalling removed the gallery" }
Write-Host "smoke test passed"
