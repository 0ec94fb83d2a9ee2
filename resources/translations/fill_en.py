# ruff: noqa: E501  (a translation table: one Spanish source and its English per entry)
"""Fill ``chasqui_en.ts`` with the English of every Spanish source string, then compile.

Run after changing UI strings::

    .venv/bin/pyside6-lupdate app/ui/*.py -ts resources/translations/chasqui_en.ts
    .venv/bin/python resources/translations/fill_en.py

Strings without an entry here stay "unfinished" (the UI then shows the Spanish source)
and are listed on stderr, so a missing translation is seen, not silently dropped.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
TS = HERE / "chasqui_en.ts"
QM = HERE / "chasqui_en.qm"

EN = {
    "Periodo": "Period",
    "Próximos 7 días": "Next 7 days",
    "Próximos 30 días": "Next 30 days",
    "Fecha y hora": "Date and time",
    "Tipo": "Type",
    "Detalle": "Detail",
    "Caso": "Case",
    "Lugar": "Place",
    "Estado": "Status",
    "Agenda": "Agenda",
    "VENCIDO": "OVERDUE",
    "No hay vista previa para este tipo de archivo.": "No preview for this type of file.",
    "Es contraparte en: %1": "Counterparty in: %1",
    "Es la misma persona": "Same person",
    "Es otra persona": "Different person",
    "Conflicto de intereses: detener": "Conflict of interest: stop",
    "← Volver": "← Back",
    "Volver": "Back",
    "Secciones del caso": "Case sections",
    "Resumen": "Summary",
    "Notas": "Notes",
    "Audiencias y plazos": "Hearings and deadlines",
    "Adjuntos": "Attachments",
    "Historial": "History",
    "Partes": "Parties",
    "Fichas de atención": "Intake records",
    "Notas del caso": "Case notes",
    "Escriba una nota del caso…": "Write a case note…",
    "Texto de la nota": "Note text",
    "Agregar nota": "Add note",
    "Agregar y firmar": "Add and sign",
    "Firmar nota seleccionada": "Sign selected note",
    "Corregir nota seleccionada": "Correct selected note",
    "Resultado": "Result",
    "Nueva audiencia o plazo": "New hearing or deadline",
    "Marcar realizada": "Mark held",
    "Marcar frustrada": "Mark failed",
    "Marcar reprogramada": "Mark rescheduled",
    "Adjuntar archivo…": "Attach file…",
    "Adjuntar archivo": "Attach file",
    "Ver": "View",
    "Ver adjunto": "View attachment",
    "Los archivos se guardan cifrados; se muestran solo en memoria.": "Files are stored encrypted and shown from memory only.",
    "Caso %1 — %2": "Case %1 — %2",
    "Materia": "Matter",
    "Defensor/a": "Defender",
    "Expediente judicial": "Court file",
    "Apertura": "Opened",
    "firmada %1": "signed %1",
    "sin firmar": "unsigned",
    "corregida": "corrected",
    "corrección": "correction",
    "Corregir nota": "Correct note",
    "Texto corregido:": "Corrected text:",
    "Bienvenida a Chasqui": "Welcome to Chasqui",
    "Este equipo todavía no tiene datos. Elija cómo empezar. Todo lo que registre se "
    "guarda cifrado en este equipo.": "This computer has no data yet. Choose how to start. Everything you record is "
    "stored encrypted on this computer.",
    "Crear un archivo de datos nuevo para mi oficina": "Create a new data file for my office",
    "Crear archivo nuevo": "Create new file",
    "Vincular este equipo con el servidor central (código de enrolamiento)": "Link this computer to the central server (enrollment code)",
    "Vincular con el servidor": "Link to the server",
    "Continuar": "Continue",
    "Código de oficina": "Office code",
    "ALEGRA Lima Centro": "ALEGRA Lima Centro",
    "Nombre de la oficina": "Office name",
    "Usuario": "User",
    "Contraseña": "Passphrase",
    "Repita la contraseña": "Repeat the passphrase",
    "Crear archivo de datos": "Create data file",
    "Esta es su clave de recuperación. Es la única forma de entrar si olvida su "
    "contraseña. Anótela en papel y guárdela en un lugar seguro; no se volverá a mostrar.": "This is your recovery key. It is the only way in if you forget your passphrase. "
    "Write it on paper and keep it somewhere safe; it will not be shown again.",
    "Clave de recuperación": "Recovery key",
    "Copiar": "Copy",
    "Copiar la clave": "Copy the key",
    "Lo he anotado en un lugar seguro": "I have written it down in a safe place",
    "Empezar": "Start",
    "Pida a su administrador un código de enrolamiento para este equipo. Los datos de su "
    "oficina se descargarán en la primera sincronización.": "Ask your administrator for an enrollment code for this computer. Your office's "
    "data will be downloaded at the first synchronization.",
    "Dirección del servidor": "Server address",
    "Código de enrolamiento": "Enrollment code",
    "Vincular equipo": "Link computer",
    "Servidor": "Server",
    "El código de oficina lleva de 2 a 12 letras o números (ej. LIM01).": "The office code has 2 to 12 letters or digits (e.g. LIM01).",
    "Escriba el nombre de la oficina.": "Enter the office name.",
    "El usuario lleva de 2 a 32 letras minúsculas, números, punto o guion.": "The user name has 2 to 32 lower-case letters, digits, dot or hyphen.",
    "Creando el archivo cifrado…": "Creating the encrypted file…",
    "Escriba la dirección completa del servidor (https://…).": "Enter the full server address (https://…).",
    "Escriba el código de enrolamiento.": "Enter the enrollment code.",
    "Esta versión todavía no puede vincularse con un servidor.": "This version cannot link to a server yet.",
    "Conectando con el servidor…": "Connecting to the server…",
    "Audiencia": "Hearing",
    "Plazo": "Deadline",
    "ej. Audiencia única, contestar demanda": "e.g. single hearing, answer the claim",
    "Guardar": "Save",
    "Cancelar": "Cancel",
    "Audiencias de hoy": "Today's hearings",
    "Plazos próximos": "Upcoming deadlines",
    "Fichas en borrador": "Draft intakes",
    "Conflictos por revisar": "Conflicts to review",
    "Hola, %1 — oficina %2": "Hello, %1 — office %2",
    "No hay audiencias hoy.": "No hearings today.",
    "No hay plazos próximos.": "No upcoming deadlines.",
    "No hay borradores.": "No drafts.",
    "No hay conflictos.": "No conflicts.",
    "Nueva atención": "New intake",
    "Nombres": "Given names",
    "Apellido paterno": "Paternal surname",
    "Apellido materno": "Maternal surname",
    "Tipo de documento": "Document type",
    "DNI": "DNI",
    "Carné de extranjería": "Foreigner ID card",
    "Pasaporte": "Passport",
    "Permiso temporal (CPP)": "Temporary permit (CPP)",
    "Sin documento": "No document",
    "Número de documento": "Document number",
    "Motivo por el que no tiene documento": "Reason for having no document",
    "ej. DNI extraviado": "e.g. DNI lost",
    "No sabe": "Unknown",
    "Fecha de nacimiento": "Date of birth",
    "Sexo": "Sex",
    "Femenino": "Female",
    "Masculino": "Male",
    "Otro": "Other",
    "Ubigeo del distrito (6 dígitos)": "District ubigeo (6 digits)",
    "Celular": "Mobile phone",
    "Buscar coincidencias y continuar": "Look for matches and continue",
    "1. Persona atendida": "1. Person served",
    "Documento": "Document",
    "Número": "Number",
    "Motivo sin documento": "Reason (no document)",
    "Distrito (ubigeo)": "District (ubigeo)",
    "Escriba al menos los nombres y el apellido paterno.": "Enter at least the given names and the paternal surname.",
    "Buscando personas parecidas…": "Looking for similar people…",
    "2. Posibles duplicados y conflictos de intereses": "2. Possible duplicates and conflicts of interest",
    "Encontramos personas parecidas ya registradas. Decida para cada una antes de continuar.": "Similar people are already registered. Decide for each one before continuing.",
    "Continuar con la ficha": "Continue to the form",
    "Decida para cada persona encontrada.": "Decide for each person found.",
    "Conflicto de intereses: esta oficina no puede patrocinar a ambas partes. No se "
    "registra la atención; derive el caso a otra oficina.": "Conflict of interest: this office cannot represent both parties. The intake is "
    "not recorded; refer the case to another office.",
    "Solo una persona puede ser la misma.": "Only one person can be the same person.",
    "3. Ficha de atención": "3. Intake form",
    "Solo consulta": "Consultation only",
    "Registrar solo consulta": "Record consultation only",
    "Abrir caso": "Open case",
    "No hay formularios de atención instalados.": "No intake forms are installed.",
    "Revise la ficha: %1": "Check the form: %1",
    "Guardando…": "Saving…",
    "Casos": "Cases",
    "Personas": "People",
    "Filtrar por número, nombre o expediente": "Filter by number, name or court file",
    "Filtrar por nombre o documento": "Filter by name or document",
    "Filtro de texto": "Text filter",
    "Oficina o brigada": "Office or brigade",
    "N.º interno": "Internal no.",
    "Beneficiario/a": "Beneficiary",
    "Nombre": "Name",
    "Nacimiento": "Born",
    "Distrito": "District",
    "Teléfono": "Phone",
    "todos": "all",
    "%n registro(s)": "%n record(s)",
    "Abriendo Chasqui…": "Opening Chasqui…",
    "Buscar": "Search",
    "Bloquear": "Lock",
    "Sincronizar": "Synchronize",
    "Sesión bloqueada.": "Session locked.",
    "Reportes disponibles": "Available reports",
    "Generar PDF…": "Generate PDF…",
    "Generar PDF": "Generate PDF",
    "Reportes": "Reports",
    "Los reportes PDF no están instalados en este equipo.": "PDF reports are not installed on this computer.",
    "Guardar reporte": "Save report",
    "Generando…": "Generating…",
    "Reporte guardado en %1": "Report saved to %1",
    "Buscar personas, casos y notas…": "Search people, cases and notes…",
    "Resultados de la búsqueda": "Search results",
    "Escriba al menos 2 letras.": "Type at least 2 letters.",
    "Persona": "Person",
    "Nota": "Note",
    "%n resultado(s)": "%n result(s)",
    "Sin resultados.": "No results.",
    "Enviando cambios": "Sending changes",
    "Recibiendo cambios": "Receiving changes",
    "Descargando los datos de la oficina": "Downloading the office's data",
    "Transfiriendo adjuntos": "Transferring attachments",
    "Conectando": "Connecting",
    "Terminado": "Finished",
    "Guardar servidor": "Save server",
    "Sincronizar ahora (F5)": "Synchronize now (F5)",
    "Sincronizar ahora": "Synchronize now",
    "Exportar paquete USB…": "Export USB bundle…",
    "Exportar paquete USB": "Export USB bundle",
    "Importar paquete USB…": "Import USB bundle…",
    "Importar paquete USB": "Import USB bundle",
    "Progreso de la sincronización": "Synchronization progress",
    "Conflictos": "Conflicts",
    "Cuarentena": "Quarantine",
    "Historial de sincronización": "Synchronization history",
    "Sincronización": "Synchronization",
    "Mi versión": "My version",
    "Versión del servidor": "Server version",
    "Conservar mi versión": "Keep my version",
    "Conservar la otra versión": "Keep the other version",
    "La otra versión (vigente)": "The other version (current)",
    "Fecha": "Date",
    "Registro": "Record",
    "Motivo del servidor": "Server's reason",
    "Conflictos (%n)": "Conflicts (%n)",
    "Cuarentena (%n)": "Quarantine (%n)",
    "La sincronización no está disponible en este equipo todavía.": "Synchronization is not available on this computer yet.",
    "Configure la dirección del servidor para sincronizar.": "Set the server address to synchronize.",
    "Conectando…": "Connecting…",
    "Sincronización completa: %1 enviados, %2 recibidos, %3 conflictos.": "Synchronization complete: %1 sent, %2 received, %3 conflicts.",
    "Paquete exportado con %n cambio(s).": "Bundle exported with %n change(s).",
    "Sin sincronizar aún": "Not synchronized yet",
    "En línea": "Online",
    "Sin conexión": "Offline",
    "Cambios por enviar: %n": "Changes to send: %n",
    "Última sincronización: %1": "Last synchronization: %1",
    "Última sincronización: nunca": "Last synchronization: never",
    "Conflictos por revisar: %n": "Conflicts to review: %n",
    "Chasqui — Expediente de defensa pública": "Chasqui — Public defence case file",
    "Mensaje": "Message",
    "Entrar": "Sign in",
    "¿Olvidó su contraseña? Usar clave de recuperación": "Forgot your passphrase? Use the recovery key",
    "Usar clave de recuperación": "Use the recovery key",
    "Escriba la clave de recuperación que anotó al crear el archivo de datos y elija una "
    "contraseña nueva.": "Enter the recovery key you wrote down when the data file was created and choose a "
    "new passphrase.",
    "Contraseña nueva": "New passphrase",
    "Repita la contraseña nueva": "Repeat the new passphrase",
    "Recuperar acceso": "Recover access",
    "Elija su usuario y escriba su contraseña.": "Choose your user and enter your passphrase.",
    "Abriendo…": "Opening…",
    "Elija su usuario y escriba la clave de recuperación.": "Choose your user and enter the recovery key.",
    "Comprobando la clave…": "Checking the key…",
    "La clave de recuperación no es válida.": "The recovery key is not valid.",
    "Navegación": "Navigation",
    "Inicio": "Home",
    "Ficha": "Intake",
    "Parte": "Party",
    "Adjunto": "Attachment",
    "creó": "created",
    "modificó": "changed",
    "eliminó": "deleted",
    "resolvió un conflicto en": "resolved a conflict in",
    "decidió sobre duplicados de": "decided on duplicates of",
    "Agenda de audiencias y plazos (próximos 30 días)": "Agenda of hearings and deadlines (next 30 days)",
    "Estadística mensual (mes en curso)": "Monthly statistics (current month)",
    "Estadística mensual (mes anterior)": "Monthly statistics (previous month)",
    "Sincronización completa.": "Synchronization complete.",
    "Sin conexión con el servidor. Los cambios quedan guardados en este equipo.": "No connection to the server. Changes stay saved on this computer.",
    "Sincronización cancelada.": "Synchronization cancelled.",
    "El servidor pide una versión más nueva de Chasqui. Sus datos se conservan.": "The server requires a newer Chasqui. Your data are kept.",
    "El administrador retiró este equipo. Avise a su supervisor.": "The administrator revoked this computer. Tell your supervisor.",
    "El servidor no reconoce este equipo. Vuelva a vincularlo.": "The server does not know this computer. Link it again.",
    "Este equipo no está vinculado con un servidor.": "This computer is not linked to a server.",
    "No se pudo escribir en este equipo (¿disco lleno?). No se perdió nada.": "Could not write on this computer (disk full?). Nothing was lost.",
    "El servidor rechazó la sincronización.": "The server refused the synchronization.",
    "%1 enviados, %2 recibidos, %3 conflictos, %4 en cuarentena": "%1 sent, %2 received, %3 conflicts, %4 quarantined",
    "Abierto": "Open",
    "Cerrado": "Closed",
    "Archivado": "Archived",
    "Programada": "Scheduled",
    "Realizada": "Held",
    "Frustrada": "Failed",
    "Reprogramada": "Rescheduled",
    "Contraparte": "Counterparty",
    "Borrador": "Draft",
    "Registrada": "Recorded",
    "Contraseña incorrecta. Inténtelo de nuevo.": "Wrong passphrase. Try again.",
    "No se encontró el archivo de datos en esta computadora.": "No data file was found on this computer.",
    "Ya existe un archivo de datos en esta carpeta.": "There is already a data file in this folder.",
    "El archivo de datos está dañado. Avise a soporte; no lo borre.": "The data file is damaged. Tell support; do not delete it.",
    "Estos datos fueron creados por una versión más nueva. Actualice Chasqui.": "These data were created by a newer version. Update Chasqui.",
    "La sesión está bloqueada. Vuelva a ingresar su contraseña.": "The session is locked. Enter your passphrase again.",
    "No se pudo guardar: el disco está lleno, protegido o en uso.": "Could not save: the disk is full, write-protected or in use.",
    "Una nota firmada no se puede modificar; registre una corrección.": "A signed note cannot be changed; record a correction.",
    "Revise los datos: %1": "Check the data: %1",
    "Datos no válidos.": "Invalid data.",
    "La contraseña debe tener al menos 10 caracteres.": "The passphrase must have at least 10 characters.",
    "Datos no válidos en el campo «%1».": "Invalid data in the field “%1”.",
    "El registro ya no existe; quizá fue eliminado en otro equipo.": "The record no longer exists; it may have been deleted on another computer.",
    "Esa acción no es posible en el estado actual del registro.": "That action is not possible in the record's current state.",
    "El código de enrolamiento no es válido, ya se usó o venció.": "The enrollment code is not valid, already used or expired.",
    "Este equipo ya está vinculado con un servidor.": "This computer is already linked to a server.",
    "El paquete USB no corresponde a este equipo o está dañado.": "The USB bundle is not for this computer or is damaged.",
    "No tiene permiso para abrir ese archivo.": "You are not allowed to open that file.",
    "No se encontró el archivo.": "The file was not found.",
    "Ocurrió un error inesperado. Sus datos guardados no se perdieron.": "An unexpected error occurred. Your saved data were not lost.",
    "Chasqui": "Chasqui",
    "Muy corta: use al menos 10 caracteres.": "Too short: use at least 10 characters.",
    "Fuerte.": "Strong.",
    "Aceptable. Una frase más larga es más segura.": "Acceptable. A longer phrase is safer.",
    "Débil: mezcle palabras, números o signos.": "Weak: mix words, digits or symbols.",
    "Las contraseñas no coinciden.": "The passphrases do not match.",
}


def fill(ts: Path = TS) -> list[str]:
    """Write the translations into the .ts file; returns the sources still missing."""
    tree = ET.parse(ts)  # noqa: S314 - our own lupdate output, not untrusted input
    missing: list[str] = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        english = EN.get(source)
        if english is None:
            missing.append(source)
            continue
        translation.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            for child in list(translation):
                translation.remove(child)
            for _ in range(2):  # English: singular and plural use the same %n text
                ET.SubElement(translation, "numerusform").text = english
            translation.text = None
        else:
            translation.text = english
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    missing = fill()
    for source in missing:
        print(f"missing English for: {source!r}", file=sys.stderr)
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), str(TS), "-qm", str(QM)], check=True)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
