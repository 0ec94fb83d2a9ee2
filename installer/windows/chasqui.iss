; Inno Setup 6 script of the Chasqui desktop client for Windows (per-user, no admin rights).
;
; Build on Windows, after `python installer\build.py` has made dist\chasqui\:
;   iscc /DAppVersion=0.1.0 installer\windows\chasqui.iss
; Output: dist\chasqui-<version>-windows-x64-setup.exe
;
; - installs into %LOCALAPPDATA%\Programs\Chasqui (PrivilegesRequired=lowest: no UAC prompt);
; - Start-menu entry; desktop icon optional (unticked by default); Spanish wizard;
; - the user's data (the encrypted vault) lives apart, in the per-user data directory
;   (platformdirs, app/paths.py): %LOCALAPPDATA%\ALEGRA\Chasqui, shared by the window and
;   the command line; the uninstaller keeps it unless the user ticks the box to delete it.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Chasqui"
#define AppExe "chasqui.exe"
#define CliExe "chasqui-cli.exe"

[Setup]
AppId={{14D80113-A81C-470A-9507-7383D3A7513A}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=ALEGRA - Defensa Pública
AppComments=Expediente cifrado para la defensa pública
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=chasqui-{#AppVersion}-windows-x64-setup
SetupIconFile=chasqui.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
ShowLanguageDialog=no

[Languages]
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "desktopicon"; Description: "Crear un acceso directo en el escritorio"; GroupDescription: "Accesos directos:"; Flags: unchecked

[Files]
Source: "..\..\dist\chasqui\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Expediente cifrado para la defensa pública"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "Abrir Chasqui ahora"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Files the program may leave beside itself (never user data: that lives elsewhere).
Type: filesandordirs; Name: "{app}\__pycache__"

[Code]
var
  DeleteUserData: Boolean;

function DataDirs(): TArrayOfString;
begin
  SetArrayLength(Result, 1);
  Result[0] := ExpandConstant('{localappdata}\ALEGRA\Chasqui');
end;

{ Ask, before uninstalling, whether the user's data must go too (default: keep it). }
function InitializeUninstall(): Boolean;
var
  Form: TSetupForm;
  Warning: TNewStaticText;
  Box: TNewCheckBox;
  OkButton, CancelButton: TNewButton;
begin
  DeleteUserData := False;
  Result := True;
  if UninstallSilent() then
    Exit;
  Form := CreateCustomForm();
  try
    Form.ClientWidth := ScaleX(460);
    Form.ClientHeight := ScaleY(210);
    Form.Caption := 'Desinstalar Chasqui';

    Warning := TNewStaticText.Create(Form);
    Warning.Parent := Form;
    Warning.Left := ScaleX(16);
    Warning.Top := ScaleY(16);
    Warning.Width := Form.ClientWidth - ScaleX(32);
    Warning.AutoSize := False;
    Warning.WordWrap := True;
    Warning.Height := ScaleY(100);
    Warning.Caption :=
      'Se quitará el programa Chasqui de esta computadora.' + #13#10#13#10 +
      'Sus datos (la bóveda cifrada con personas, casos y notas) se CONSERVAN, ' +
      'salvo que marque la casilla de abajo. Si la marca, los datos que no se hayan ' +
      'sincronizado con el servidor se PERDERÁN PARA SIEMPRE: no hay forma de recuperarlos.';

    Box := TNewCheckBox.Create(Form);
    Box.Parent := Form;
    Box.Left := ScaleX(16);
    Box.Top := ScaleY(124);
    Box.Width := Form.ClientWidth - ScaleX(32);
    Box.Height := ScaleY(20);
    Box.Caption := 'Borrar también mis datos de esta computadora (no se puede deshacer)';
    Box.Checked := False;

    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Caption := 'Desinstalar';
    OkButton.Left := Form.ClientWidth - ScaleX(16 + 100 + 8 + 100);
    OkButton.Top := ScaleY(166);
    OkButton.Width := ScaleX(100);
    OkButton.Height := ScaleY(28);
    OkButton.ModalResult := mrOk;

    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Caption := 'Cancelar';
    CancelButton.Left := Form.ClientWidth - ScaleX(16 + 100);
    CancelButton.Top := ScaleY(166);
    CancelButton.Width := ScaleX(100);
    CancelButton.Height := ScaleY(28);
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;
    Form.ActiveControl := CancelButton;

    if Form.ShowModal() <> mrOk then
    begin
      Result := False;
      Exit;
    end;
    if Box.Checked then
      DeleteUserData := MsgBox(
        '¿Seguro que desea BORRAR sus datos de Chasqui de esta computadora?' + #13#10 +
        'Lo que no se haya sincronizado se perderá para siempre.',
        mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
  finally
    Form.Free();
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Dirs: TArrayOfString;
  I: Integer;
begin
  if (CurUninstallStep = usPostUninstall) and DeleteUserData then
  begin
    Dirs := DataDirs();
    for I := 0 to GetArrayLength(Dirs) - 1 do
      if DirExists(Dirs[I]) then
        DelTree(Dirs[I], True, True, True);
  end;
end;
