; Windows installer for Passerelle (NSIS 3). NOT VERIFIED: written from the NSIS manual, never
; run on Windows by the project. See the README, « Windows et macOS ».
;
;   cargo build --release --locked            (toolchain x86_64-pc-windows-msvc)
;   makensis /DVERSION=0.1.0 packaging\windows\passerelle.nsi
;
; Produces target\release\Passerelle-VERSION-installation.exe: installs for all users in
; Program Files, a Start menu entry and an uninstaller. The data (%APPDATA%\Passerelle) is
; never removed by the uninstaller.

Unicode true
!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!define ROOT "..\.."

Name "Passerelle ${VERSION}"
OutFile "${ROOT}\target\release\Passerelle-${VERSION}-installation.exe"
InstallDir "$PROGRAMFILES64\Passerelle"
RequestExecutionLevel admin
Icon "passerelle.ico"
UninstallIcon "passerelle.ico"

!include "MUI2.nsh"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "French"

Section "Passerelle"
  SetOutPath "$INSTDIR"
  File "${ROOT}\target\release\passerelle.exe"
  File "passerelle.ico"
  File "${ROOT}\assets\THIRD-PARTY-LICENSES.txt"
  File "${ROOT}\docs\guide.md"
  SetOutPath "$INSTDIR\screenshots"
  File "${ROOT}\assets\screenshots\*.png"
  SetOutPath "$INSTDIR"
  CreateShortcut "$SMPROGRAMS\Passerelle.lnk" "$INSTDIR\passerelle.exe" "" "$INSTDIR\passerelle.ico"
  WriteUninstaller "$INSTDIR\desinstaller.exe"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Passerelle" "DisplayName" "Passerelle"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Passerelle" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Passerelle" "Publisher" "Équipe Passerelle"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Passerelle" "DisplayIcon" "$INSTDIR\passerelle.ico"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Passerelle" "UninstallString" '"$INSTDIR\desinstaller.exe"'
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\Passerelle.lnk"
  RMDir /r "$INSTDIR"
  DeleteRegKey HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Passerelle"
SectionEnd
