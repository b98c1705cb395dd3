; Inno Setup 6 script: the Windows installer of the parkgis desktop bundle (园区空间规划 GIS).
; Build on Windows (see packaging/README.md "Windows"): make the bundle with PyInstaller on Windows
; (dist\parkgis\ with parkgis.exe and parkgis-gui.exe), then
;     "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\parkgis.iss
; Output: dist\parkgis-setup-<version>.exe. Installs per machine (admin) or per user (the dialog
; offers both), adds Start-menu entries, the .gpkg association "用 parkgis 打开" and an uninstaller.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "parkgis"
#define AppNameZh "园区空间规划 GIS"
#define Bundle "..\..\dist\parkgis"

[Setup]
AppId={{6B0E2C52-3E0B-4B5A-9C55-6A0F2D7C1E01}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=parkgis
DefaultDirName={autopf}\parkgis
DefaultGroupName={#AppNameZh}
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=parkgis-setup-{#AppVersion}
SetupIconFile=..\..\build\icons\parkgis.ico
UninstallDisplayIcon={app}\parkgis-gui.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
LicenseFile={#Bundle}\_internal\LICENSES\README.txt

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "gpkgassoc"; Description: "用 parkgis 打开 GeoPackage 工程（*.gpkg）"; GroupDescription: "文件关联："

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppNameZh}"; Filename: "{app}\parkgis-gui.exe"
Name: "{group}\示例工程（鄂尔多斯）"; Filename: "{app}\parkgis-gui.exe"; Parameters: """{app}\_internal\layers\ordos_sample.gpkg"""
Name: "{group}\安装自检"; Filename: "{app}\parkgis.exe"; Parameters: "--self-test ""{userdocs}\parkgis-selftest.json"""
Name: "{group}\许可证"; Filename: "{app}\_internal\LICENSES"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppNameZh}"; Filename: "{app}\parkgis-gui.exe"; Tasks: desktopicon

[Registry]
; per-user or per-machine (HKA follows the install mode); removed by the uninstaller
Root: HKA; Subkey: "Software\Classes\.gpkg\OpenWithProgids"; ValueType: string; ValueName: "parkgis.gpkg"; ValueData: ""; Flags: uninsdeletevalue; Tasks: gpkgassoc
Root: HKA; Subkey: "Software\Classes\parkgis.gpkg"; ValueType: string; ValueName: ""; ValueData: "GeoPackage 工程"; Flags: uninsdeletekey; Tasks: gpkgassoc
Root: HKA; Subkey: "Software\Classes\parkgis.gpkg\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\parkgis-gui.exe,0"; Tasks: gpkgassoc
Root: HKA; Subkey: "Software\Classes\parkgis.gpkg\shell\open"; ValueType: string; ValueName: ""; ValueData: "用 parkgis 打开"; Tasks: gpkgassoc
Root: HKA; Subkey: "Software\Classes\parkgis.gpkg\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\parkgis-gui.exe"" ""%1"""; Tasks: gpkgassoc
Root: HKA; Subkey: "Software\Classes\Applications\parkgis-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".gpkg"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\parkgis-gui.exe"; Description: "{cm:LaunchProgram,{#AppNameZh}}"; Flags: nowait postinstall skipifsilent
