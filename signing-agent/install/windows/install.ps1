<#
.SYNOPSIS
  Installs the Patravali DSC signing agent for the current Windows user and starts it at every login.

.DESCRIPTION
  Run from the unpacked patravali-signing-agent-<version>-windows-x64.zip folder (no administrator
  rights needed):

      powershell -ExecutionPolicy Bypass -File .\install.ps1 -Origin https://eoffice.district.gov.in

  It needs Node.js 20 or newer (the LTS from nodejs.org, or `winget install OpenJS.NodeJS.LTS`),
  then
    1. copies agent.cjs and pkcs11.node to %LOCALAPPDATA%\Patravali\SigningAgent,
    2. writes the settings file there (config; an existing one is kept, -Origin/-Pkcs11Library
       update it), finding the token's PKCS#11 DLL when it is in a usual place,
    3. adds a per-user auto-start entry: a shortcut in the Startup folder (default), or with
       -ScheduledTask a logon task (schtasks /sc onlogon; may need an administrator), and
    4. starts the agent now, in a minimised window that shows its pairing code.
  Running it again upgrades in place. -Uninstall removes the agent and its auto-start entry
  (pairings and the signature log in %USERPROFILE%\.patravali-agent stay).

.PARAMETER Origin
  The e-office address(es) allowed to use the agent, e.g. https://eoffice.district.gov.in
.PARAMETER Pkcs11Library
  The token's PKCS#11 DLL, e.g. C:\Windows\System32\eps2003csp11.dll (ePass2003)
#>
[CmdletBinding()]
param(
  [string[]]$Origin,
  [string]$Pkcs11Library,
  [switch]$ScheduledTask,
  [switch]$NoStart,
  [switch]$Uninstall
)

$ErrorActionPreference = 'Stop'
$Name = 'Patravali signing agent'
$Source = $PSScriptRoot
$Dest = Join-Path $env:LOCALAPPDATA 'Patravali\SigningAgent'
$Config = Join-Path $Dest 'config'
$Shortcut = Join-Path ([Environment]::GetFolderPath('Startup')) "$Name.lnk"
# Usual places of the token vendors' PKCS#11 DLLs (the driver's folder may differ).
$KnownLibraries = @(
  "$env:WINDIR\System32\eps2003csp11.dll",          # ePass2003
  "$env:WINDIR\System32\SignatureP11.dll",          # ProxKey (WatchData)
  "$env:WINDIR\System32\wdpkcs_SignatureP11.dll"    # ProxKey, older drivers
)

function Stop-Agent {
  # Only node processes running this installation's agent.cjs.
  $script = Join-Path $Dest 'agent.cjs'
  Get-CimInstance Win32_Process -Filter "Name = 'node.exe'" |
    Where-Object { $_.CommandLine -and $_.CommandLine.Contains($script) } |
    ForEach-Object { Stop-Process -Id $_.ProcessId -Force -ErrorAction SilentlyContinue }
}

function Remove-Autostart {
  if (Test-Path $Shortcut) { Remove-Item $Shortcut -Force }
  & schtasks.exe /query /tn $Name 2>$null | Out-Null
  if ($LASTEXITCODE -eq 0) { & schtasks.exe /delete /tn $Name /f | Out-Null }
}

function Set-Setting([string]$Text, [string]$Key, [string]$Value) {
  $line = "$Key=$Value"
  if ($Text -match "(?m)^$Key=.*$") { return [regex]::Replace($Text, "(?m)^$Key=.*$", [System.Text.RegularExpressions.MatchEvaluator]{ param($m) $line }) }
  return $Text.TrimEnd() + "`r`n$line`r`n"
}

if ($Uninstall) {
  Stop-Agent
  Remove-Autostart
  if (Test-Path $Dest) { Remove-Item $Dest -Recurse -Force }
  Write-Host "$Name removed. / हस्ताक्षर एजेंट हटा दिया गया।"
  exit 0
}

# 1. Node.js 20 or newer
$nodeCmd = Get-Command node.exe -ErrorAction SilentlyContinue
if (-not $nodeCmd) {
  Write-Error "Node.js is not installed. Install the LTS (nodejs.org, or: winget install OpenJS.NodeJS.LTS), then run this again. / Node.js स्थापित नहीं है।"
}
$node = $nodeCmd.Source
$major = [int]((& $node -p 'process.versions.node.split(".")[0]').Trim())
if ($major -lt 20) { Write-Error "Node.js 20 or newer is needed; $node is $(& $node -v). / Node.js 20 या नया आवश्यक है।" }

foreach ($f in @('agent.cjs', 'pkcs11.node', 'config')) {
  if (-not (Test-Path (Join-Path $Source $f))) { Write-Error "$f is missing beside install.ps1: unpack the whole zip first." }
}

# 2. files
Stop-Agent
New-Item -ItemType Directory -Force -Path $Dest | Out-Null
foreach ($f in @('agent.cjs', 'pkcs11.node', 'THIRD-PARTY-LICENSES.txt', 'VERSION')) {
  $from = Join-Path $Source $f
  if (Test-Path $from) { Copy-Item $from (Join-Path $Dest $f) -Force }
}

# 3. settings: kept across upgrades, like the .deb's conffile
if (-not (Test-Path $Config)) { Copy-Item (Join-Path $Source 'config') $Config }
$text = [IO.File]::ReadAllText($Config)
if ($Origin) { $text = Set-Setting $text 'AGENT_ORIGINS' (($Origin | ForEach-Object { $_.TrimEnd('/') }) -join ',') }
if (-not $Pkcs11Library -and $text -match '(?m)^AGENT_PKCS11_LIBRARY=\s*$') {
  $Pkcs11Library = $KnownLibraries | Where-Object { Test-Path $_ } | Select-Object -First 1
  if ($Pkcs11Library) { Write-Host "Token library found: $Pkcs11Library" }
}
if ($Pkcs11Library) {
  if (-not (Test-Path $Pkcs11Library)) { Write-Error "PKCS#11 library not found: $Pkcs11Library" }
  $text = Set-Setting $text 'AGENT_PKCS11_LIBRARY' $Pkcs11Library
}
[IO.File]::WriteAllText($Config, $text, (New-Object System.Text.UTF8Encoding($false)))

# 4. auto-start at login for this user
$arguments = "`"$(Join-Path $Dest 'agent.cjs')`" --config `"$Config`""
Remove-Autostart
if ($ScheduledTask) {
  & schtasks.exe /create /tn $Name /sc onlogon /ru $env:USERNAME /it /rl limited /f /tr "`"$node`" $arguments" | Out-Null
  if ($LASTEXITCODE -ne 0) { Write-Error "schtasks could not create the logon task (it may need an administrator); run without -ScheduledTask to use the Startup folder." }
} else {
  $shell = New-Object -ComObject WScript.Shell
  $link = $shell.CreateShortcut($Shortcut)
  $link.TargetPath = $node
  $link.Arguments = $arguments
  $link.WorkingDirectory = $Dest
  $link.WindowStyle = 7   # minimised: the window shows the pairing code and each signature
  $link.Description = 'Signs Patravali e-office documents with your DSC token'
  $link.Save()
}

if (-not $NoStart) {
  Start-Process -FilePath $node -ArgumentList $arguments -WorkingDirectory $Dest -WindowStyle Minimized
}
Write-Host "$Name installed in $Dest; it starts at every login. Open its window (taskbar) for the pairing code."
Write-Host "हस्ताक्षर एजेंट स्थापित हो गया; यह हर लॉग-इन पर शुरू होगा। पेयरिंग कोड एजेंट की विंडो (टास्कबार) में है।"
Write-Host "Settings: $Config"
