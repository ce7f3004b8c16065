# Build the per-user Windows installer: dist\LienzoStudio-<version>-windows-x64-setup.exe
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 [-Out dist] [-Python 3.12]
#
# Prerequisites (the CI workflow installs them): Python >= 3.10 with pip (runs the staging),
# uv (https://docs.astral.sh/uv/; fetches a relocatable CPython with tkinter and venv, the
# python-build-standalone build that uv itself uses), Inno Setup 6 (ISCC.exe).
# Optional signing: WINDOWS_SIGN_PFX (path to a .pfx) and WINDOWS_SIGN_PASSWORD; signtool.exe
# from the Windows SDK. Without them the installer is unsigned (SmartScreen will warn) and the
# script says so.
param(
    [string]$Out = "dist",
    [string]$Python = "3.12"
)
$ErrorActionPreference = "Stop"
$root = (Resolve-Path "$PSScriptRoot\..\..").Path
New-Item -ItemType Directory -Force -Path $Out | Out-Null
$Out = (Resolve-Path $Out).Path
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("lienzo-build-" + [guid]::NewGuid())
$stage = Join-Path $work "stage"

function Invoke-Checked([string]$What, [scriptblock]$Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)" }
}

try {
    $name = (python "$root\packaging\appinfo.py" name).Trim()
    $version = (python "$root\packaging\appinfo.py" version).Trim()
    Write-Host "== $name $version: staging the launcher and the app wheel"
    Invoke-Checked "staging" { python "$root\packaging\stage.py" --source $root --out $stage }

    Write-Host "== Python $Python runtime (python-build-standalone via uv)"
    $pythons = Join-Path $work "pythons"
    Invoke-Checked "uv python install" { uv python install $Python --install-dir $pythons }
    $runtime = Get-ChildItem $pythons -Directory -Filter "cpython-$Python*windows*" |
        Where-Object { Test-Path (Join-Path $_.FullName "pythonw.exe") } | Select-Object -First 1
    if (-not $runtime) { throw "no CPython $Python found under $pythons" }
    Copy-Item -Recurse $runtime.FullName (Join-Path $stage "python")
    $py = Join-Path $stage "python\python.exe"
    Invoke-Checked "runtime check" { & $py -c "import tkinter, venv, ensurepip, ssl; print('runtime ok')" }

    Write-Host "== Inno Setup"
    $iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
    if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
    Invoke-Checked "ISCC" {
        & $iscc /Q "/DAppName=$name" "/DAppVersion=$version" "/DStageDir=$stage" `
            "/DOutputDir=$Out" "$PSScriptRoot\lienzo-studio.iss"
    }
    $installer = Join-Path $Out "LienzoStudio-$version-windows-x64-setup.exe"

    if ($env:WINDOWS_SIGN_PFX -and $env:WINDOWS_SIGN_PASSWORD) {
        Write-Host "== signing"
        Invoke-Checked "signtool" {
            signtool sign /f $env:WINDOWS_SIGN_PFX /p $env:WINDOWS_SIGN_PASSWORD /fd sha256 `
                /tr http://timestamp.digicert.com /td sha256 $installer
        }
    } else {
        Write-Warning "UNSIGNED build: no WINDOWS_SIGN_PFX/WINDOWS_SIGN_PASSWORD; SmartScreen will warn users."
    }
    $size = [math]::Round((Get-Item $installer).Length / 1MB, 1)
    Write-Host "== built $installer ($size MB)"
} finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
