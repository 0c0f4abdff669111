; Inno Setup script of SI Local (Inno Setup 6.2 or later).
;
; Build the folder first on Windows:   .venv\Scripts\pyinstaller --noconfirm --clean build.spec
; then, from the repository root:      iscc /DAppVersion=0.1.0 packaging\windows\si-local.iss
; Output: dist\installer\si-local-<version>-setup.exe
;
; The uninstaller removes the program only: the user's data (%APPDATA%\si-local: database,
; snapshots, settings, logs) stays in place, so reinstalling or upgrading loses nothing.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "SI Local"
#define AppExe "si-local.exe"
#define SourceDir "..\..\dist\si-local"

[Setup]
; Never change AppId: upgrades and the uninstaller find the installed copy through it.
AppId={{6C1E8F0B-2B7D-4E57-9A47-3F0E3C1B5A21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=SI Local
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Administrators install for every user; without admin rights, for the current user only.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=si-local.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist\installer
OutputBaseFilename=si-local-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
CloseApplications=yes

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
french.DataKept=Vos données (base, instantanés, réglages) restent dans %1. Supprimez ce dossier vous-même si vous n’en avez plus besoin.
english.DataKept=Your data (database, snapshots, settings) stays in %1. Delete that folder yourself if you no longer need it.
french.OpenDemo=Ouvrir l’établissement de démonstration
english.OpenDemo=Open the demo facility

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The portable marker and a portable data folder never go into an installed copy.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Excludes: "si-local-portable,si-local-data"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the whole program folder (no stale modules from an older version).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\{#AppExe}"
Name: "{autoprograms}\{#AppName} — {cm:OpenDemo}"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself may have left in its folder; never the data folder.
Type: dirifempty; Name: "{app}"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [ExpandConstant('{userappdata}\si-local')]),
           mbInformation, MB_OK);
end;
