<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name />
    <message>
        <location filename="../../app/ui/forms/editors.py" line="214" />
        <source>Ahora</source>
        <translation>Now</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="260" />
        <source>— Seleccione —</source>
        <translation>— Select —</translation>
    </message>
    <message>
        <source>No corresponde al área elegida.</source>
        <translation type="vanished">Does not belong to the chosen area.</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="350" />
        <location filename="../../app/ui/forms/editors.py" line="535" />
        <source>Sí</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="351" />
        <location filename="../../app/ui/forms/editors.py" line="535" />
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="418" />
        <source>Escriba para filtrar</source>
        <translation>Type to filter</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/rows.py" line="95" />
        <source>Obligatorio</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/rows.py" line="149" />
        <location filename="../../app/ui/forms/rows.py" line="150" />
        <source>Agregar</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/rows.py" line="170" />
        <location filename="../../app/ui/forms/rows.py" line="202" />
        <source>Fila %1</source>
        <translation>Row %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/rows.py" line="184" />
        <location filename="../../app/ui/forms/rows.py" line="185" />
        <location filename="../../app/ui/forms/rows.py" line="239" />
        <source>Quitar fila</source>
        <translation>Remove row</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/view.py" line="106" />
        <source>Sección</source>
        <translation>Section</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/view.py" line="472" />
        <source>Hay 1 problema por corregir.</source>
        <translation>There is 1 problem to fix.</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/view.py" line="474" />
        <source>Hay %1 problemas por corregir.</source>
        <translation>There are %1 problems to fix.</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/view.py" line="520" />
        <source>%1, fila %2</source>
        <translation>%1, row %2</translation>
    </message>
</context>
<context>
    <name>AgendaPage</name>
    <message>
        <source>Periodo</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Próximos 7 días</source>
        <translation>Next 7 days</translation>
    </message>
    <message>
        <source>Próximos 30 días</source>
        <translation>Next 30 days</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="115" />
        <source>Día</source>
        <translation>Day</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="116" />
        <source>Semana</source>
        <translation>Week</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="117" />
        <source>Mes</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="118" />
        <source>Vencidos</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="125" />
        <source>Ver: %1</source>
        <translation>View: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="137" />
        <location filename="../../app/ui/agenda.py" line="138" />
        <source>Periodo anterior</source>
        <translation>Previous period</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="140" />
        <source>Hoy</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="141" />
        <source>Ir a hoy</source>
        <translation>Go to today</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="144" />
        <location filename="../../app/ui/agenda.py" line="145" />
        <source>Periodo siguiente</source>
        <translation>Next period</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="157" />
        <source>Fecha y hora</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="158" />
        <source>Cliente</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="159" />
        <source>Tipo</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="160" />
        <source>Detalle</source>
        <translation>Detail</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="161" />
        <source>Caso</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="162" />
        <source>Lugar</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="163" />
        <source>Estado</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="199" />
        <source>Reprogramar…</source>
        <translation>Reschedule…</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="200" />
        <source>Reprogramar</source>
        <translation>Reschedule</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="202" />
        <source>Marcar realizada</source>
        <translation>Mark held</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="204" />
        <source>Marcar frustrada</source>
        <translation>Mark failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="206" />
        <source>Abrir caso</source>
        <translation>Open case</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="287" />
        <source>dddd d 'de' MMMM 'de' yyyy</source>
        <translation>dddd, MMMM d, yyyy</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="291" />
        <source>Semana del %1 al %2</source>
        <translation>Week of %1 to %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="295" />
        <source>MMMM 'de' yyyy</source>
        <translation>MMMM yyyy</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="306" />
        <source>Pasados sin resultado registrado</source>
        <translation>Past, with no outcome recorded</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/agenda.py" line="363" />
        <source>⚠ %n audiencia(s) o plazo(s) en día no hábil (sábado, domingo o feriado): revise la fecha; el siguiente día hábil aparece al pasar el cursor.</source>
        <translation><numerusform>⚠ %n hearing or deadline on a non-working day (Saturday, Sunday or holiday): check the date; hover over it for the next working day.</numerusform><numerusform>⚠ %n hearings or deadlines on a non-working day (Saturday, Sunday or holiday): check the dates; hover over them for the next working day.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/agenda.py" line="371" />
        <source>⚠ %n audiencia(s) a una hora inusual: revise la hora.</source>
        <translation><numerusform>⚠ %n hearing at an unusual hour: check the time.</numerusform><numerusform>⚠ %n hearings at an unusual hour: check the times.</numerusform></translation>
    </message>
    <message>
        <source>día no hábil</source>
        <translation>non-working day</translation>
    </message>
    <message>
        <source>Audiencias y plazos pasados sin resultado registrado</source>
        <translation>Past hearings and deadlines with no outcome recorded</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="340" />
        <source>Vencido</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="360" />
        <source>Total: %1</source>
        <translation>Total: %1</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n plazo(s) en día no hábil (sábado, domingo o feriado): revise la fecha; el siguiente día hábil aparece al pasar el cursor.</source>
        <translation type="vanished">
            <numerusform>⚠ %n deadline on a non-working day (Saturday, Sunday or holiday): check the date; hover over it for the next working day.</numerusform>
            <numerusform>⚠ %n deadlines on a non-working day (Saturday, Sunday or holiday): check the dates; hover over them for the next working day.</numerusform>
        </translation>
    </message>
    <message>
        <source>Marcada como realizada.</source>
        <translation>Marked as held.</translation>
    </message>
    <message>
        <source>Marcada como frustrada.</source>
        <translation>Marked as failed.</translation>
    </message>
    <message>
        <source>Reprogramada para el %1.</source>
        <translation>Rescheduled for %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n elemento(s)</source>
        <translation type="vanished">
            <numerusform>%n item(s)</numerusform>
            <numerusform>%n item(s)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="375" />
        <source>Nada vencido: todo está al día.</source>
        <translation>Nothing overdue: everything is up to date.</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="377" />
        <source>No hay audiencias ni plazos en este periodo.</source>
        <translation>No hearings or deadlines in this period.</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="427" />
        <location filename="../../app/ui/agenda.py" line="439" />
        <source>Seleccione una audiencia o plazo de la lista.</source>
        <translation>Select a hearing or deadline in the list.</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="429" />
        <source>Ya tiene resultado: %1.</source>
        <translation>It already has an outcome: %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/agenda.py" line="121" />
        <location filename="../../app/ui/agenda.py" line="167" />
        <source>Agenda</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <source>VENCIDO</source>
        <translation>OVERDUE</translation>
    </message>
</context>
<context>
    <name>AttachmentViewer</name>
    <message>
        <location filename="../../app/ui/attachment_viewer.py" line="45" />
        <source>No hay vista previa para este tipo de archivo.</source>
        <translation>No preview for this type of file.</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <location filename="../../app/ui/case_attachments.py" line="51" />
        <source>Adjuntos</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_attachments.py" line="53" />
        <source>No hay archivos adjuntos.</source>
        <translation>No attached files.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_attachments.py" line="55" />
        <source>Adjuntar archivo…</source>
        <translation>Attach file…</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_attachments.py" line="56" />
        <location filename="../../app/ui/case_attachments.py" line="95" />
        <source>Adjuntar archivo</source>
        <translation>Attach file</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_attachments.py" line="58" />
        <source>Ver</source>
        <translation>View</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_attachments.py" line="59" />
        <source>Ver adjunto</source>
        <translation>View attachment</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_attachments.py" line="62" />
        <source>Los archivos se guardan cifrados; se muestran solo en memoria.</source>
        <translation>Files are stored encrypted and shown from memory only.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_attachments.py" line="91" />
        <source>Seleccione primero un adjunto de la lista.</source>
        <translation>First select an attachment in the list.</translation>
    </message>
</context>
<context>
    <name>BackupController</name>
    <message>
        <location filename="../../app/ui/backups.py" line="192" />
        <source>Copia de seguridad: elija la memoria USB o la carpeta</source>
        <translation>Backup: choose the USB drive or the folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups.py" line="198" />
        <source>Guardar la copia aquí</source>
        <translation>Save the backup here</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups.py" line="217" />
        <location filename="../../app/ui/backups.py" line="232" />
        <source>Copia de seguridad guardada</source>
        <translation>Backup saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups.py" line="234" />
        <source>Se guardó la copia de seguridad el %1.</source>
        <translation>The backup was saved on %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups.py" line="240" />
        <source>Archivo: %1
Carpeta: %2
(El nombre del archivo lleva la hora universal, UTC, no la hora de la oficina.)

Guarde la memoria USB en un lugar seguro.</source>
        <translation>File: %1
Folder: %2
(The file name carries universal time, UTC, not the office's time.)

Keep the USB drive in a safe place.</translation>
    </message>
    <message>
        <source>Archivo: %1
Carpeta: %2

Guarde la memoria USB en un lugar seguro.</source>
        <translation type="vanished">File: %1
Folder: %2

Keep the USB drive in a safe place.</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups.py" line="248" />
        <source>Aceptar</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups.py" line="213" />
        <source>Haciendo la copia de seguridad…</source>
        <translation>Making the backup…</translation>
    </message>
    <message>
        <source>Copia de seguridad guardada: %1</source>
        <translation type="vanished">Backup saved: %1</translation>
    </message>
</context>
<context>
    <name>BackupMenu</name>
    <message>
        <location filename="../../app/ui/backups.py" line="280" />
        <source>&amp;Archivo</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups.py" line="283" />
        <source>Copia de seguridad…</source>
        <translation>Backup…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups.py" line="284" />
        <source>Copia diaria automática</source>
        <translation>Automatic daily copy</translation>
    </message>
</context>
<context>
    <name>BackupReminder</name>
    <message>
        <location filename="../../app/ui/backups.py" line="333" />
        <location filename="../../app/ui/backups.py" line="396" />
        <source>Hacer una copia ahora…</source>
        <translation>Make a backup now…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups.py" line="361" />
        <source>Última copia de seguridad: %1.</source>
        <translation>Last backup: %1.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/backups.py" line="364" />
        <source>Aún no ha hecho una copia de seguridad y hay %n cambio(s) que no está(n) en el servidor. Guarde una copia en una memoria USB.</source>
        <translation><numerusform>You have not made a backup yet and %n change is not on the server. Save a copy on a USB drive.</numerusform><numerusform>You have not made a backup yet and %n changes are not on the server. Save a copy on a USB drive.</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/backups.py" line="371" />
        <source>Aún no ha hecho una copia de seguridad. Guarde una copia en una memoria USB.</source>
        <translation>You have not made a backup yet. Save a copy on a USB drive.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/backups.py" line="376" />
        <source>Su última copia de seguridad, del %2, tiene más de %1 y hay %n cambio(s) que no está(n) en el servidor. Guarde una copia en una memoria USB.</source>
        <translation><numerusform>Your last backup, of %2, is more than %1 old and %n change is not on the server. Save a copy on a USB drive.</numerusform><numerusform>Your last backup, of %2, is more than %1 old and %n changes are not on the server. Save a copy on a USB drive.</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/backups.py" line="387" />
        <source>Su última copia de seguridad, del %2, tiene más de %1. Guarde una copia en una memoria USB.</source>
        <translation>Your last backup, of %2, is more than %1 old. Save a copy on a USB drive.</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups.py" line="396" />
        <source>Hacer otra copia…</source>
        <translation>Make another copy…</translation>
    </message>
    <message numerus="yes">
        <source>Su última copia de seguridad tiene más de %1 y hay %n cambio(s) que no está(n) en el servidor. Guarde una copia en una memoria USB.</source>
        <translation type="vanished">
            <numerusform>Your last backup is more than %1 old and %n change is not on the server. Save a copy on a USB drive.</numerusform>
            <numerusform>Your last backup is more than %1 old and %n changes are not on the server. Save a copy on a USB drive.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/backups.py" line="381" />
        <location filename="../../app/ui/backups.py" line="390" />
        <source>%n día(s)</source>
        <translation><numerusform>%n day</numerusform><numerusform>%n days</numerusform></translation>
    </message>
    <message>
        <source>Aún no ha hecho una copia de seguridad y hay %1 cambios que no están en el servidor. Guarde una copia en una memoria USB.</source>
        <translation>You have not made a backup yet and %1 changes are not on the server. Save a copy on a USB drive.</translation>
    </message>
    <message>
        <source>Su última copia de seguridad tiene más de %2 días y hay %1 cambios que no están en el servidor. Guarde una copia en una memoria USB.</source>
        <translation>Your last backup is more than %2 days old and %1 changes are not on the server. Save a copy on a USB drive.</translation>
    </message>
</context>
<context>
    <name>CandidateRow</name>
    <message>
        <location filename="../../app/ui/intake_check.py" line="90" />
        <source>Coincidencia %1 %: %2</source>
        <translation>Match %1 %: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="99" />
        <source>Es contraparte en: %1</source>
        <translation>Counterparty in: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="101" />
        <source>Es cliente de esta oficina en: %1</source>
        <translation>Is a client of this office in: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="109" />
        <source>Sin conflicto: ya es cliente de esta oficina en %1</source>
        <translation>No conflict: already a client of this office in %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="111" />
        <source>Sin conflicto: es contraparte en otro caso de esta oficina: %1</source>
        <translation>No conflict: the other party in another case of this office: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="120" />
        <source>Es la misma persona</source>
        <translation>Same person</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="121" />
        <source>Es otra persona</source>
        <translation>Different person</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="122" />
        <source>Conflicto de intereses: detener</source>
        <translation>Conflict of interest: stop</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="136" />
        <source>Tiene el mismo documento: no puede ser otra persona. Si el número está mal escrito, vuelva y corríjalo.</source>
        <translation>Same document: this cannot be another person. If the number is mistyped, go back and correct it.</translation>
    </message>
</context>
<context>
    <name>CaseEditDialog</name>
    <message>
        <location filename="../../app/ui/case_edit.py" line="81" />
        <source>Editar datos del caso</source>
        <translation>Edit case details</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="81" />
        <source>Guardar</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="87" />
        <location filename="../../app/ui/case_edit.py" line="118" />
        <source>Expediente judicial</source>
        <translation>Court file</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="89" />
        <source>Número de expediente del Poder Judicial, ej. %1</source>
        <translation>Court file number of the judiciary, e.g. %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="95" />
        <location filename="../../app/ui/case_edit.py" line="119" />
        <source>Estado</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="103" />
        <source>El caso está concluido: use «Reabrir caso…».</source>
        <translation>The case is closed: use “Reopen case…”.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="106" />
        <location filename="../../app/ui/case_edit.py" line="120" />
        <source>Defensor/a</source>
        <translation>Defender</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="112" />
        <location filename="../../app/ui/case_edit.py" line="121" />
        <source>Materia</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="143" />
        <source>No hay cambios que guardar.</source>
        <translation>There are no changes to save.</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <source>← Volver</source>
        <translation>← Back</translation>
    </message>
    <message>
        <source>Volver</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="87" />
        <source>Resumen en PDF…</source>
        <translation>Summary as PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="88" />
        <source>Resumen del caso en PDF</source>
        <translation>Case summary as PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="89" />
        <location filename="../../app/ui/case_view.py" line="334" />
        <source>Los documentos PDF no están disponibles en este equipo.</source>
        <translation>PDF documents are not available on this computer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="93" />
        <source>Redactar escrito…</source>
        <translation>Draft a writ…</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="94" />
        <source>Redactar escrito</source>
        <translation>Draft a writ</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="99" />
        <source>Secciones del caso</source>
        <translation>Case sections</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="100" />
        <location filename="../../app/ui/case_view.py" line="268" />
        <source>Resumen</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="109" />
        <source>Notas</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="115" />
        <source>Audiencias y plazos</source>
        <translation>Hearings and deadlines</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="121" />
        <source>Adjuntos</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="126" />
        <source>Derivaciones</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="131" />
        <source>Hitos</source>
        <translation>Milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="132" />
        <location filename="../../app/ui/case_view.py" line="209" />
        <source>Historial</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Mensaje</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="156" />
        <location filename="../../app/ui/case_view.py" line="176" />
        <source>Partes</source>
        <translation>Parties</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="160" />
        <location filename="../../app/ui/case_view.py" line="191" />
        <source>Fichas de atención</source>
        <translation>Intake records</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="161" />
        <source>Editar datos del caso…</source>
        <translation>Edit case details…</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="163" />
        <source>Cerrar caso…</source>
        <translation>Close case…</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="165" />
        <source>Reabrir caso…</source>
        <translation>Reopen case…</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="167" />
        <source>Agregar parte…</source>
        <translation>Add party…</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="169" />
        <location filename="../../app/ui/case_view.py" line="493" />
        <source>Quitar parte</source>
        <translation>Remove party</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="184" />
        <source>Ficha en PDF…</source>
        <translation>Intake record as PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="185" />
        <source>Ficha de atención en PDF</source>
        <translation>Intake record as PDF</translation>
    </message>
    <message>
        <source>No hay archivos adjuntos.</source>
        <translation>No attached files.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="283" />
        <source>Enter o doble clic: abrir el perfil de la persona</source>
        <translation>Enter or double click: open the person's profile</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="324" />
        <source>Hijas e hijos</source>
        <translation>Children</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="325" />
        <source>Monto mensual solicitado</source>
        <translation>Monthly amount claimed</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="326" />
        <source>Cierre</source>
        <translation>Closing</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="336" />
        <source>Seleccione primero una ficha de la lista.</source>
        <translation>First select an intake record in the list.</translation>
    </message>
    <message>
        <source>Seleccione primero un adjunto de la lista.</source>
        <translation>First select an attachment in the list.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="217" />
        <source>Lo hecho en este equipo, y las notas escritas en otros equipos que llegaron al sincronizar.</source>
        <translation>What was done on this computer, and the notes written on other computers that arrived when syncing.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="413" />
        <source>Cargando…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="418" />
        <source>El caso no está en trámite.</source>
        <translation>The case is not open.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="422" />
        <source>El caso ya está en trámite.</source>
        <translation>The case is already open.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="426" />
        <source>Seleccione primero una parte de la lista.</source>
        <translation>First select a party in the list.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="428" />
        <source>El beneficiario del caso no se puede quitar.</source>
        <translation>The case's beneficiary cannot be removed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="468" />
        <source>Datos del caso guardados.</source>
        <translation>Case details saved.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="470" />
        <source>Aviso: %1</source>
        <translation>Warning: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="477" />
        <source>Parte agregada al caso.</source>
        <translation>Party added to the case.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="480" />
        <source>Conflicto de intereses: no se agregó la parte. La decisión quedó registrada.</source>
        <translation>Conflict of interest: the party was not added. The decision was recorded.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="494" />
        <source>¿Quitar a %1 de este caso? La persona sigue registrada.</source>
        <translation>Remove %1 from this case? The person stays registered.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="497" />
        <source>Quitar</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="499" />
        <source>Parte quitada del caso.</source>
        <translation>Party removed from the case.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="512" />
        <source>Caso cerrado.</source>
        <translation>Case closed.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/case_view.py" line="517" />
        <source>Se cancelaron %n audiencia(s) o plazo(s) pendiente(s).</source>
        <translation><numerusform>%n pending hearing or deadline was cancelled.</numerusform><numerusform>%n pending hearings or deadlines were cancelled.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/case_view.py" line="520" />
        <source>Queda(n) %n audiencia(s) o plazo(s) pendiente(s).</source>
        <translation><numerusform>%n hearing or deadline is still pending.</numerusform><numerusform>%n hearings or deadlines are still pending.</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="547" />
        <source>Caso reabierto.</source>
        <translation>Case reopened.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/case_view.py" line="551" />
        <source>Se restauraron %n audiencia(s) o plazo(s).</source>
        <translation><numerusform>%n hearing or deadline was restored.</numerusform><numerusform>%n hearings or deadlines were restored.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/case_view.py" line="553" />
        <source>Siguen canceladas %n audiencia(s) o plazo(s).</source>
        <translation><numerusform>%n hearing or deadline stays cancelled.</numerusform><numerusform>%n hearings or deadlines stay cancelled.</numerusform></translation>
    </message>
    <message>
        <source>Notas del caso</source>
        <translation>Case notes</translation>
    </message>
    <message>
        <source>Escriba una nota del caso…</source>
        <translation>Write a case note…</translation>
    </message>
    <message>
        <source>Texto de la nota</source>
        <translation>Note text</translation>
    </message>
    <message>
        <source>Agregar nota</source>
        <translation>Add note</translation>
    </message>
    <message>
        <source>Agregar y firmar</source>
        <translation>Add and sign</translation>
    </message>
    <message>
        <source>Firmar nota seleccionada</source>
        <translation>Sign selected note</translation>
    </message>
    <message>
        <source>Corregir nota seleccionada</source>
        <translation>Correct selected note</translation>
    </message>
    <message>
        <source>Fecha y hora</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <source>Tipo</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Detalle</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Lugar</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="264" />
        <source>Estado</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Resultado</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Nueva audiencia o plazo</source>
        <translation>New hearing or deadline</translation>
    </message>
    <message>
        <source>Marcar realizada</source>
        <translation>Mark held</translation>
    </message>
    <message>
        <source>Marcar frustrada</source>
        <translation>Mark failed</translation>
    </message>
    <message>
        <source>Marcar reprogramada</source>
        <translation>Mark rescheduled</translation>
    </message>
    <message>
        <source>Adjuntar archivo…</source>
        <translation>Attach file…</translation>
    </message>
    <message>
        <source>Adjuntar archivo</source>
        <translation>Attach file</translation>
    </message>
    <message>
        <source>Ver</source>
        <translation>View</translation>
    </message>
    <message>
        <source>Ver adjunto</source>
        <translation>View attachment</translation>
    </message>
    <message>
        <source>Los archivos se guardan cifrados; se muestran solo en memoria.</source>
        <translation>Files are stored encrypted and shown from memory only.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="258" />
        <source>Caso %1 — %2</source>
        <translation>Case %1 — %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="263" />
        <source>Materia</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="265" />
        <source>Defensor/a</source>
        <translation>Defender</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="266" />
        <source>Expediente judicial</source>
        <translation>Court file</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="267" />
        <source>Apertura</source>
        <translation>Opened</translation>
    </message>
    <message>
        <source>firmada %1</source>
        <translation>signed %1</translation>
    </message>
    <message>
        <source>sin firmar</source>
        <translation>unsigned</translation>
    </message>
    <message>
        <source>corregida</source>
        <translation>corrected</translation>
    </message>
    <message>
        <source>corrección</source>
        <translation>correction</translation>
    </message>
    <message>
        <source>Corregir nota</source>
        <translation>Correct note</translation>
    </message>
    <message>
        <source>Texto corregido:</source>
        <translation>Corrected text:</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="367" />
        <source>Guardar resumen del caso</source>
        <translation>Save case summary</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_view.py" line="391" />
        <source>Guardar ficha de atención</source>
        <translation>Save intake record</translation>
    </message>
</context>
<context>
    <name>ChartDialog</name>
    <message>
        <location filename="../../app/ui/chart_dialog.py" line="23" />
        <source>Cerrar</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>CheckStep</name>
    <message>
        <source>2. Posibles duplicados y conflictos de intereses</source>
        <translation>2. Possible duplicates and conflicts of interest</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="162" />
        <source>Posibles duplicados y conflictos de intereses</source>
        <translation>Possible duplicates and conflicts of interest</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="167" />
        <source>Encontramos personas parecidas ya registradas. Decida para cada una antes de continuar; su decisión queda registrada.</source>
        <translation>We found similar people already registered. Decide about each before going on; your decision is recorded.</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="181" />
        <location filename="../../app/ui/intake_check.py" line="182" />
        <source>Volver</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="184" />
        <source>Continuar</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="185" />
        <location filename="../../app/ui/intake_check.py" line="339" />
        <source>Detener: conflicto de intereses</source>
        <translation>Stop: conflict of interest</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="187" />
        <source>Registrar las decisiones y continuar</source>
        <translation>Record the decisions and continue</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="215" />
        <source>Persona atendida: %1</source>
        <translation>Person attended: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="217" />
        <source>Obligado de alimentos (Otras partes, fila %2): %1</source>
        <translation>Child-support obligor (Other parties, row %2): %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="219" />
        <source>Otra parte (fila %2): %1</source>
        <translation>Other party (row %2): %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="268" />
        <source>Decida para cada persona encontrada.</source>
        <translation>Decide for each person found.</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="270" />
        <source>Solo una persona puede ser la misma.</source>
        <translation>Only one person can be the same person.</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="273" />
        <source>Una persona con el mismo documento no puede ser otra persona.</source>
        <translation>A person with the same document cannot be another person.</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="300" />
        <source>Esta atención se detuvo por un posible conflicto de intereses con %1.</source>
        <translation>This intake was stopped for a possible conflict of interest with %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="302" />
        <source>Esta atención se detuvo por un posible conflicto de intereses.</source>
        <translation>This intake was stopped for a possible conflict of interest.</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="304" />
        <source>Revise los datos y continúe.</source>
        <translation>Check the details and go on.</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="329" />
        <source>Conflicto de intereses</source>
        <translation>Conflict of interest</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="331" />
        <source>Si es la misma persona, esta oficina estaría en ambos lados: %1. No patrocine a ambas partes de una misma disputa.</source>
        <translation>If this is the same person, this office would be on both sides: %1. Do not represent both parties of the same dispute.</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_check.py" line="341" />
        <source>Continuar: es otra disputa</source>
        <translation>Continue: it is another dispute</translation>
    </message>
</context>
<context>
    <name>CloseCaseDialog</name>
    <message>
        <location filename="../../app/ui/case_edit.py" line="398" />
        <source>Cerrar el caso</source>
        <translation>Close the case</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="411" />
        <source>Caso %1: complete el formulario de cierre.</source>
        <translation>Case %1: fill in the closing form.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/case_edit.py" line="421" />
        <source>Cancelar con el caso %n audiencia(s) o plazo(s) pendiente(s):</source>
        <translation><numerusform>Cancel with the case its %n pending hearing or deadline:</numerusform><numerusform>Cancel with the case its %n pending hearings and deadlines:</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="441" />
        <source>Revise el formulario:</source>
        <translation>Check the form:</translation>
    </message>
</context>
<context>
    <name>CorrectDialog</name>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="561" />
        <location filename="../../app/ui/hearing_dialogs.py" line="579" />
        <source>Corregir estado</source>
        <translation>Correct status</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="563" />
        <source>Audiencia o plazo</source>
        <translation>Hearing or deadline</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="565" />
        <source>Estado actual</source>
        <translation>Current status</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="566" />
        <source>%1 → vuelve a quedar pendiente</source>
        <translation>%1 → pending again</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="569" />
        <source>Motivo de la corrección</source>
        <translation>Reason for the correction</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="570" />
        <source>ej. Se marcó por error la fila equivocada</source>
        <translation>e.g. The wrong row was marked by mistake</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="574" />
        <source>Motivo</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="587" />
        <source>Escriba por qué corrige el estado.</source>
        <translation>Write why you correct the status.</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <location filename="../../app/ui/case_notes.py" line="54" />
        <source>Corregir nota</source>
        <translation>Correct note</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="54" />
        <source>Editar nota</source>
        <translation>Edit note</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="59" />
        <source>La nota es de %1 y no cambia: la corrección se guarda como una nota nueva suya que la reemplaza, y las dos quedan a la vista.</source>
        <translation>The note is by %1 and does not change: the correction is saved as a new note of yours that replaces it, and both stay visible.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="64" />
        <source>La nota firmada no cambia: la corrección se guarda como una nota nueva que la reemplaza, y las dos quedan a la vista.</source>
        <translation>The signed note does not change: the correction is saved as a new note that replaces it, and both stay visible.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="68" />
        <source>La nota aún no está firmada: se cambia su texto.</source>
        <translation>The note is not signed yet: its text is changed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="72" />
        <source>Texto corregido</source>
        <translation>Corrected text</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="76" />
        <source>Guardar corrección</source>
        <translation>Save correction</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="76" />
        <source>Guardar cambios</source>
        <translation>Save changes</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../app/ui/forms/dates.py" line="204" />
        <source>dd/mm/aaaa hh:mm</source>
        <translation>dd/mm/yyyy hh:mm</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/dates.py" line="204" />
        <source>dd/mm/aaaa</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/dates.py" line="206" />
        <location filename="../../app/ui/forms/dates.py" line="228" />
        <source>Fecha</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/dates.py" line="207" />
        <source>Escriba solo los números: 14031985 → 14/03/1985</source>
        <translation>Type the digits only: 14031985 → 14/03/1985</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/dates.py" line="219" />
        <source>Abrir calendario (Alt+↓)</source>
        <translation>Open calendar (Alt+↓)</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/dates.py" line="220" />
        <source>Abrir calendario</source>
        <translation>Open calendar</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/dates.py" line="226" />
        <source>No sabe</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/dates.py" line="228" />
        <source>%1: no sabe</source>
        <translation>%1: unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/dates.py" line="269" />
        <source>Fecha incompleta: escriba dd/mm/aaaa hh:mm.</source>
        <translation>Incomplete date: type dd/mm/yyyy hh:mm.</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/dates.py" line="271" />
        <source>Fecha incompleta: escriba dd/mm/aaaa.</source>
        <translation>Incomplete date: type dd/mm/yyyy.</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/dates.py" line="275" />
        <source>Esa fecha no existe.</source>
        <translation>That date does not exist.</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/dates.py" line="277" />
        <source>Esa hora no existe.</source>
        <translation>That time does not exist.</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/dates.py" line="280" />
        <source>El año debe estar entre %1 y %2.</source>
        <translation>The year must be between %1 and %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/dates.py" line="285" />
        <source>La fecha es anterior a %1.</source>
        <translation>The date is before %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/dates.py" line="289" />
        <source>La fecha es posterior a %1.</source>
        <translation>The date is after %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/dates.py" line="372" />
        <source>Escriba solo los números: %1 → %2</source>
        <translation>Type the digits only: %1 → %2</translation>
    </message>
</context>
<context>
    <name>DeadlinesDialog</name>
    <message>
        <location filename="../../app/ui/deadlines.py" line="154" />
        <source>Plazos por notificación</source>
        <translation>Deadlines from a notification</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="154" />
        <location filename="../../app/ui/deadlines.py" line="372" />
        <source>Guardar plazos</source>
        <translation>Save deadlines</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="162" />
        <location filename="../../app/ui/deadlines.py" line="179" />
        <source>Proceso</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="169" />
        <source>Mostrar procesos de otras materias</source>
        <translation>Show procedures of other matters</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="172" />
        <source>Acto que inicia el plazo</source>
        <translation>Act that starts the term</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="173" />
        <location filename="../../app/ui/deadlines.py" line="183" />
        <source>Fecha del acto</source>
        <translation>Date of the act</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="176" />
        <location filename="../../app/ui/deadlines.py" line="177" />
        <source>Calcular plazos</source>
        <translation>Compute deadlines</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="182" />
        <source>Acto</source>
        <translation>Act</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="190" />
        <source>Según los nombres de la ficha (sin documento), su cliente sería la parte demandante: los plazos de la otra parte se listan al final, sin marcar.</source>
        <translation>Going by the names in the intake form (no document), your client would be the claimant: the other party's deadlines are listed last, unticked.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="195" />
        <source>Según los nombres de la ficha (sin documento), su cliente sería la parte demandada: los plazos de la otra parte se listan al final, sin marcar.</source>
        <translation>Going by the names in the intake form (no document), your client would be the respondent: the other party's deadlines are listed last, unticked.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="200" />
        <source>Su cliente es la parte demandante: se proponen solo sus plazos.</source>
        <translation>Your client is the claimant: only their deadlines are proposed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="202" />
        <source>Su cliente es la parte demandada: se proponen solo sus plazos.</source>
        <translation>Your client is the respondent: only their deadlines are proposed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="208" />
        <location filename="../../app/ui/deadlines.py" line="213" />
        <source>Fecha de la sentencia</source>
        <translation>Date of the judgment</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="217" />
        <source>Elija el acto y su fecha y pulse «Calcular plazos».</source>
        <translation>Choose the act and its date and press “Compute deadlines”.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="252" />
        <source>Registrar también el hito «%1»</source>
        <translation>Also record the milestone “%1”</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="257" />
        <source>El caso ya tiene este hito: %1.</source>
        <translation>The case already has this milestone: %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="259" />
        <source>Escriba la fecha en que se dictó la sentencia, no la de su notificación.</source>
        <translation>Type the date the judgment was issued, not the date it was served.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="274" />
        <source>Escriba la fecha del acto.</source>
        <translation>Type the date of the act.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="315" />
        <source>Este acto no inicia plazos para su cliente en este proceso.</source>
        <translation>This act starts no deadline for your client in these proceedings.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="317" />
        <source>Ninguna regla da plazos para este acto en este proceso.</source>
        <translation>No rule gives deadlines for this act in this procedure.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="322" />
        <source>Plazos que proponen las reglas (acepte, cambie la fecha o quítelos):</source>
        <translation>Deadlines the rules propose (accept, change the date or leave them out):</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="329" />
        <source>Pulse «Calcular plazos» para ver los plazos de este acto.</source>
        <translation>Press “Compute deadlines” to see the deadlines of this act.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="341" />
        <source>Escriba la fecha de vencimiento.</source>
        <translation>Type the due date.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="344" />
        <source>Indique el motivo de cambiar la fecha que da la regla.</source>
        <translation>Give the reason for changing the date the rule gives.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="352" />
        <source>Escriba la fecha de la sentencia.</source>
        <translation>Type the date of the judgment.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="355" />
        <source>La sentencia no puede ser posterior a su notificación.</source>
        <translation>The judgment cannot be later than its service.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="362" />
        <source>No eligió ningún plazo.</source>
        <translation>You chose no deadline.</translation>
    </message>
</context>
<context>
    <name>DistrictEdit</name>
    <message>
        <location filename="../../app/ui/district.py" line="83" />
        <source>Escriba el distrito, p. ej. Wanchaq, o el ubigeo</source>
        <translation>Type the district, e.g. Wanchaq, or the ubigeo</translation>
    </message>
    <message>
        <location filename="../../app/ui/district.py" line="175" />
        <source>Hay %1 distritos llamados %2: elija el suyo de la lista.</source>
        <translation>There are %1 districts called %2: choose yours from the list.</translation>
    </message>
    <message>
        <location filename="../../app/ui/district.py" line="179" />
        <source>Elija un distrito de la lista.</source>
        <translation>Choose a district from the list.</translation>
    </message>
</context>
<context>
    <name>DraftDialog</name>
    <message>
        <location filename="../../app/ui/drafting_dialog.py" line="50" />
        <source>Redactar escrito</source>
        <translation>Draft a writ</translation>
    </message>
    <message>
        <location filename="../../app/ui/drafting_dialog.py" line="50" />
        <source>Elegir dónde guardar…</source>
        <translation>Choose where to save…</translation>
    </message>
    <message>
        <location filename="../../app/ui/drafting_dialog.py" line="56" />
        <source>Tipo de escrito</source>
        <translation>Kind of writ</translation>
    </message>
    <message>
        <location filename="../../app/ui/drafting_dialog.py" line="59" />
        <source>— Seleccione —</source>
        <translation>— Select —</translation>
    </message>
    <message>
        <location filename="../../app/ui/drafting_dialog.py" line="67" />
        <source>Mostrar escritos de otras materias</source>
        <translation>Show writs of other matters</translation>
    </message>
    <message>
        <location filename="../../app/ui/drafting_dialog.py" line="70" />
        <source>Escrito</source>
        <translation>Writ</translation>
    </message>
    <message>
        <location filename="../../app/ui/drafting_dialog.py" line="75" />
        <source>Atención: el escrito se guarda como documento de Word (.docx) SIN CIFRAR y contiene datos personales del caso. Guárdelo en un lugar seguro y bórrelo cuando lo haya presentado.</source>
        <translation>Warning: the writ is saved as a Word document (.docx) NOT ENCRYPTED and holds personal data of the case. Keep it in a safe place and delete it once it has been filed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/drafting_dialog.py" line="99" />
        <source>Faltan datos del caso que este escrito usa; quedarán marcados [COMPLETAR: …] en el documento para que los complete antes de presentarlo: %1.</source>
        <translation>The case lacks data this writ uses; it will be marked [COMPLETAR: …] in the document so you complete it before filing: %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/drafting_dialog.py" line="130" />
        <source>Elija el tipo de escrito.</source>
        <translation>Choose the kind of writ.</translation>
    </message>
    <message>
        <location filename="../../app/ui/drafting_dialog.py" line="133" />
        <source>Guardar escrito (sin cifrar)</source>
        <translation>Save writ (not encrypted)</translation>
    </message>
    <message>
        <location filename="../../app/ui/drafting_dialog.py" line="134" />
        <source>Documento de Word (*.docx)</source>
        <translation>Word document (*.docx)</translation>
    </message>
</context>
<context>
    <name>DraftQuestion</name>
    <message>
        <location filename="../../app/ui/draft_question.py" line="35" />
        <source>Cancelar la atención</source>
        <translation>Cancel the intake</translation>
    </message>
    <message>
        <location filename="../../app/ui/draft_question.py" line="35" />
        <source>¿Guardar borrador?</source>
        <translation>Save draft?</translation>
    </message>
    <message>
        <location filename="../../app/ui/draft_question.py" line="43" />
        <source>El borrador se guarda con el nombre de %1.</source>
        <translation>The draft is saved under the name of %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/draft_question.py" line="45" />
        <source>Guardar borrador</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <location filename="../../app/ui/draft_question.py" line="45" />
        <source>Guardar</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/draft_question.py" line="47" />
        <source>Descartar</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location filename="../../app/ui/draft_question.py" line="48" />
        <source>Seguir con la atención</source>
        <translation>Go on with the intake</translation>
    </message>
    <message>
        <location filename="../../app/ui/draft_question.py" line="48" />
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/draft_question.py" line="92" />
        <source>Esta atención tiene datos que aún no están guardados. ¿Guardarlos como borrador antes de salir?</source>
        <translation>This intake has data not saved yet. Save it as a draft before quitting?</translation>
    </message>
</context>
<context>
    <name>DueSoonBanner</name>
    <message>
        <location filename="../../app/ui/due_soon.py" line="42" />
        <source>Plazos por vencer</source>
        <translation>Deadlines due soon</translation>
    </message>
    <message>
        <location filename="../../app/ui/due_soon.py" line="57" />
        <source>vence hoy</source>
        <translation>due today</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/due_soon.py" line="58" />
        <source>quedan %n día(s) hábil(es)</source>
        <translation><numerusform>%n working day left</numerusform><numerusform>%n working days left</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/due_soon.py" line="68" />
        <source>Atención: %n plazo(s) vence(n) en los próximos %1 días hábiles</source>
        <translation><numerusform>Warning: %n deadline is due within the next %1 working days</numerusform><numerusform>Warning: %n deadlines are due within the next %1 working days</numerusform></translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../app/ui/first_run.py" line="76" />
        <source>Bienvenida a Chasqui</source>
        <translation>Welcome to Chasqui</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="94" />
        <source>Este equipo todavía no tiene datos. Elija cómo empezar. Todo lo que registre se guarda cifrado en este equipo.</source>
        <translation>This computer has no data yet. Choose how to start. Everything you record is stored encrypted on this computer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="99" />
        <source>Crear un archivo de datos nuevo para mi oficina</source>
        <translation>Create a new data file for my office</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="101" />
        <source>Crear archivo nuevo</source>
        <translation>Create new file</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="103" />
        <source>Vincular este equipo con el servidor central (código de enrolamiento)</source>
        <translation>Link this computer to the central server (enrollment code)</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="105" />
        <source>Vincular con el servidor</source>
        <translation>Link to the server</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="106" />
        <location filename="../../app/ui/first_run.py" line="107" />
        <source>Continuar</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="123" />
        <location filename="../../app/ui/first_run.py" line="146" />
        <source>Código de oficina</source>
        <translation>Office code</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="125" />
        <source>ALEGRA Lima Centro</source>
        <translation>ALEGRA Lima Centro</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="126" />
        <location filename="../../app/ui/first_run.py" line="147" />
        <source>Nombre de la oficina</source>
        <translation>Office name</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="129" />
        <location filename="../../app/ui/first_run.py" line="148" />
        <location filename="../../app/ui/first_run.py" line="213" />
        <location filename="../../app/ui/first_run.py" line="233" />
        <source>Usuario</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="130" />
        <location filename="../../app/ui/first_run.py" line="149" />
        <location filename="../../app/ui/first_run.py" line="214" />
        <location filename="../../app/ui/first_run.py" line="234" />
        <source>Contraseña</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="131" />
        <location filename="../../app/ui/first_run.py" line="150" />
        <location filename="../../app/ui/first_run.py" line="215" />
        <location filename="../../app/ui/first_run.py" line="236" />
        <source>Repita la contraseña</source>
        <translation>Repeat the passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="136" />
        <location filename="../../app/ui/first_run.py" line="137" />
        <source>Crear archivo de datos</source>
        <translation>Create data file</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="139" />
        <location filename="../../app/ui/first_run.py" line="140" />
        <location filename="../../app/ui/first_run.py" line="223" />
        <location filename="../../app/ui/first_run.py" line="224" />
        <source>Volver</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="161" />
        <source>Esta es su clave de recuperación. Es la única forma de entrar si olvida su contraseña. Anótela en papel y guárdela en un lugar seguro; no se volverá a mostrar.</source>
        <translation>This is your recovery key. It is the only way in if you forget your passphrase. Write it on paper and keep it somewhere safe; it will not be shown again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="171" />
        <source>Clave de recuperación</source>
        <translation>Recovery key</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="172" />
        <source>Copiar</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="173" />
        <source>Copiar la clave</source>
        <translation>Copy the key</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="177" />
        <location filename="../../app/ui/first_run.py" line="178" />
        <source>Lo he anotado en un lugar seguro</source>
        <translation>I have written it down in a safe place</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="179" />
        <location filename="../../app/ui/first_run.py" line="180" />
        <source>Empezar</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="202" />
        <source>Pida a su administrador un código de enrolamiento para este equipo. Los datos de su oficina se descargarán en la primera sincronización.</source>
        <translation>Ask your administrator for an enrollment code for this computer. Your office's data will be downloaded at the first synchronization.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="209" />
        <source>Dirección del servidor</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="211" />
        <location filename="../../app/ui/first_run.py" line="232" />
        <source>Código de enrolamiento</source>
        <translation>Enrollment code</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="220" />
        <location filename="../../app/ui/first_run.py" line="221" />
        <source>Vincular equipo</source>
        <translation>Link computer</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="231" />
        <source>Servidor</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="248" />
        <source>El código de oficina lleva de 2 a 12 letras o números (ej. LIM01).</source>
        <translation>The office code has 2 to 12 letters or digits (e.g. LIM01).</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="250" />
        <source>Escriba el nombre de la oficina.</source>
        <translation>Enter the office name.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="253" />
        <location filename="../../app/ui/first_run.py" line="299" />
        <source>El usuario lleva de 2 a 32 letras minúsculas, números, punto o guion.</source>
        <translation>The user name has 2 to 32 lower-case letters, digits, dot or hyphen.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="262" />
        <source>Creando el archivo cifrado…</source>
        <translation>Creating the encrypted file…</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="289" />
        <source>Escriba la dirección completa del servidor (https://…).</source>
        <translation>Enter the full server address (https://…).</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="292" />
        <source>Use una dirección https://. Sin cifrado (http://), cualquiera en la red podría leer la clave del equipo y falsificar respuestas del servidor.</source>
        <translation>Use an https:// address. Without encryption (http://), anyone on the network could read this computer's key and forge the server's answers.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="296" />
        <source>Escriba el código de enrolamiento.</source>
        <translation>Enter the enrollment code.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="308" />
        <source>Esta versión todavía no puede vincularse con un servidor.</source>
        <translation>This version cannot link to a server yet.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="314" />
        <source>Conectando con el servidor…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="328" />
        <source>Huella del servidor: %1. Compárela con la que le leyó el administrador; si no coincide, avísele antes de sincronizar.</source>
        <translation>Server fingerprint: %1. Compare it with the one the administrator read to you; if it differs, tell the administrator before syncing.</translation>
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="137" />
        <source>Seguimiento de la derivación</source>
        <translation>Follow-up of the referral</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="141" />
        <location filename="../../app/ui/referral_panel.py" line="159" />
        <source>Estado</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="151" />
        <source>Nombre de la institución</source>
        <translation>Name of the institution</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="153" />
        <location filename="../../app/ui/referral_panel.py" line="160" />
        <source>Seguimiento</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="154" />
        <source>ej. La usuaria fue atendida por el CEM</source>
        <translation>e.g. The CEM attended her</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="155" />
        <source>Fecha del seguimiento</source>
        <translation>Follow-up date</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="157" />
        <source>Institución</source>
        <translation>Institution</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="158" />
        <source>Nombre</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="161" />
        <source>Fecha</source>
        <translation>Date</translation>
    </message>
</context>
<context>
    <name>FormStep</name>
    <message>
        <location filename="../../app/ui/intake_form_step.py" line="33" />
        <source>Ficha de atención</source>
        <translation>Intake form</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_form_step.py" line="38" />
        <source>Solo consulta</source>
        <translation>Consultation only</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_form_step.py" line="39" />
        <source>Registrar solo consulta</source>
        <translation>Record consultation only</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_form_step.py" line="40" />
        <location filename="../../app/ui/intake_form_step.py" line="41" />
        <source>Abrir caso</source>
        <translation>Open case</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_form_step.py" line="43" />
        <source>Abrir caso (Ctrl+Enter desde cualquier campo)</source>
        <translation>Open case (Ctrl+Enter from any field)</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_form_step.py" line="48" />
        <source>Volver</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_form_step.py" line="49" />
        <source>Volver a los datos de la persona</source>
        <translation>Back to the person's data</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_form_step.py" line="50" />
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_form_step.py" line="51" />
        <source>Cancelar la atención</source>
        <translation>Cancel the intake</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake_form_step.py" line="93" />
        <source>No hay formularios de atención instalados.</source>
        <translation>No intake forms are installed.</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="72" />
        <source>— Seleccione —</source>
        <translation>— Select —</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="73" />
        <source>Sí</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="74" />
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="75" />
        <source>Ahora</source>
        <translation>Now</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="76" />
        <source>Departamento</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="77" />
        <source>Provincia</source>
        <translation>Province</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="78" />
        <source>Distrito</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="79" />
        <source>Escriba para filtrar</source>
        <translation>Type to filter</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="80" />
        <source>Agregar</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="81" />
        <source>Quitar fila</source>
        <translation>Remove row</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="82" />
        <source>Fila %1</source>
        <translation>Row %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="83" />
        <source>%1, fila %2</source>
        <translation>%1, row %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="84" />
        <source>Hay %1 problemas por corregir.</source>
        <translation>There are %1 problems to fix.</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="85" />
        <source>Hay 1 problema por corregir.</source>
        <translation>There is 1 problem to fix.</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="86" />
        <source>Obligatorio</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/editors.py" line="87" />
        <source>Sección</source>
        <translation>Section</translation>
    </message>
    <message>
        <source>No corresponde al área elegida.</source>
        <translation type="vanished">Does not belong to the chosen area.</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../app/ui/menus.py" line="125" />
        <source>Guía del defensor</source>
        <translation>Defender's guide</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus.py" line="153" />
        <source>No se encontró la guía en este equipo.</source>
        <translation>The guide was not found on this computer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus.py" line="137" />
        <source>Cerrar</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>HearingDialog</name>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="258" />
        <source>Nueva audiencia o plazo</source>
        <translation>New hearing or deadline</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="265" />
        <source>Audiencia</source>
        <translation>Hearing</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="266" />
        <source>Plazo</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="267" />
        <location filename="../../app/ui/hearing_dialogs.py" line="278" />
        <source>Tipo</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="269" />
        <source>ej. Audiencia única, contestar demanda</source>
        <translation>e.g. single hearing, answer the claim</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="270" />
        <location filename="../../app/ui/hearing_dialogs.py" line="279" />
        <source>Detalle</source>
        <translation>Detail</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="271" />
        <location filename="../../app/ui/hearing_dialogs.py" line="280" />
        <source>Fecha y hora</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="272" />
        <location filename="../../app/ui/hearing_dialogs.py" line="281" />
        <source>Vence el</source>
        <translation>Due on</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="274" />
        <source>El último día del plazo: vence al final de ese día (23:59).</source>
        <translation>The last day of the term: it runs out at the end of that day (23:59).</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="277" />
        <location filename="../../app/ui/hearing_dialogs.py" line="282" />
        <source>Lugar</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="304" />
        <source>ej. Mesa de partes del juzgado (opcional)</source>
        <translation>e.g. the court's filing desk (optional)</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="349" />
        <source>Escriba el día en que vence.</source>
        <translation>Type the day it falls due.</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="351" />
        <source>Escriba la fecha y la hora.</source>
        <translation>Type the date and time.</translation>
    </message>
    <message>
        <source>Esa fecha ya pasó: el plazo figurará como vencido.</source>
        <translation>That date has passed: the deadline will show as overdue.</translation>
    </message>
    <message>
        <source>Esa fecha ya pasó: la audiencia quedará como «Programada».</source>
        <translation>That date has passed: the hearing will stay “Scheduled”.</translation>
    </message>
    <message>
        <source>La hora %1 es inusual para una audiencia.</source>
        <translation>%1 is an unusual time for a hearing.</translation>
    </message>
    <message>
        <source>El %1 no es día hábil: %2.</source>
        <translation>%1 is not a working day: %2.</translation>
    </message>
    <message>
        <source>Corrija la fecha o pulse «Guardar» otra vez para guardarla así.</source>
        <translation>Correct the date or press “Save” again to keep it as it is.</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="385" />
        <source>Usar el siguiente día hábil: %1</source>
        <translation>Use the next working day: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="258" />
        <location filename="../../app/ui/hearing_dialogs.py" line="381" />
        <source>Guardar</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="344" />
        <source>Escriba el detalle.</source>
        <translation>Type the detail.</translation>
    </message>
    <message>
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>HearingsPanel</name>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="86" />
        <source>Fecha y hora</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="87" />
        <source>Tipo</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="88" />
        <source>Detalle</source>
        <translation>Detail</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="89" />
        <source>Lugar</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="90" />
        <source>Estado</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="91" />
        <source>Resultado</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="95" />
        <source>Audiencias y plazos</source>
        <translation>Hearings and deadlines</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="114" />
        <source>No hay audiencias ni plazos registrados.</source>
        <translation>No hearings or deadlines recorded.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="116" />
        <location filename="../../app/ui/case_hearings.py" line="117" />
        <source>Nueva audiencia o plazo</source>
        <translation>New hearing or deadline</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="121" />
        <source>Plazos por notificación…</source>
        <translation>Deadlines from a notification…</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="122" />
        <source>Plazos por notificación</source>
        <translation>Deadlines from a notification</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="124" />
        <source>Registrar una notificación u otro acto y los plazos que las reglas proponen</source>
        <translation>Record a notification or another act and the deadlines the rules propose</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="142" />
        <source>Corregir estado…</source>
        <translation>Correct status…</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="143" />
        <source>Corregir estado</source>
        <translation>Correct status</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="167" />
        <source>Ya no está pendiente: %1.</source>
        <translation>No longer pending: %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="180" />
        <source>Solo se corrige lo marcado realizado, frustrado, cumplido o incumplido.</source>
        <translation>Only what was marked held, failed, met or missed can be corrected.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="183" />
        <source>Volver a dejarlo pendiente (marcado por error)</source>
        <translation>Make it pending again (marked by mistake)</translation>
    </message>
    <message>
        <source>La audiencia aún no ocurre (%1): podrá marcarla realizada desde ese día.</source>
        <translation type="vanished">The hearing has not taken place yet (%1): you can mark it held from that day on.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="203" />
        <source>Estado corregido: vuelve a quedar pendiente.</source>
        <translation>Status corrected: it is pending again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="78" />
        <source>Marcar cumplido</source>
        <translation>Mark met</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="79" />
        <source>Marcar incumplido</source>
        <translation>Mark missed</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="80" />
        <source>Cambiar fecha</source>
        <translation>Change date</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="83" />
        <source>Marcar realizada</source>
        <translation>Mark held</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="84" />
        <source>Marcar frustrada</source>
        <translation>Mark failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="85" />
        <source>Marcar reprogramada</source>
        <translation>Mark rescheduled</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="164" />
        <source>Seleccione primero una audiencia o plazo de la lista.</source>
        <translation>First select a hearing or deadline in the list.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="278" />
        <source>Plazo registrado.</source>
        <translation>Deadline recorded.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="284" />
        <source>Plazo programado.</source>
        <translation>Deadline scheduled.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_hearings.py" line="278" />
        <location filename="../../app/ui/case_hearings.py" line="286" />
        <source>Audiencia programada.</source>
        <translation>Hearing scheduled.</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="102" />
        <source>Plazo marcado como cumplido.</source>
        <translation>Deadline marked as met.</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="103" />
        <source>Plazo marcado como incumplido.</source>
        <translation>Deadline marked as missed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="104" />
        <source>Fecha del plazo cambiada.</source>
        <translation>Deadline date changed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="105" />
        <source>Fecha del plazo cambiada al %1.</source>
        <translation>Deadline moved to %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="108" />
        <source>Marcada como realizada.</source>
        <translation>Marked as held.</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="109" />
        <source>Marcada como frustrada.</source>
        <translation>Marked as failed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="110" />
        <source>Reprogramada.</source>
        <translation>Rescheduled.</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="111" />
        <source>Reprogramada para el %1.</source>
        <translation>Rescheduled for %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="133" />
        <source>La audiencia aún no ocurre (%1): podrá marcarla realizada desde esa hora.</source>
        <translation>The hearing has not taken place yet (%1): you can mark it held from that time on.</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <location filename="../../app/ui/menus.py" line="172" />
        <source>Chasqui %1</source>
        <translation>Chasqui %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus.py" line="174" />
        <source>Expediente digital cifrado para la defensa pública: funciona sin conexión y se sincroniza con el servidor de la oficina cuando hay enlace.</source>
        <translation>Encrypted digital case file for public defence: it works offline and synchronizes with the office server when there is a link.</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus.py" line="188" />
        <source>Ay&amp;uda</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus.py" line="190" />
        <source>Guía del defensor</source>
        <translation>Defender's guide</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus.py" line="197" />
        <location filename="../../app/ui/menus.py" line="217" />
        <source>Acerca de Chasqui</source>
        <translation>About Chasqui</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus.py" line="221" />
        <source>Aceptar</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../app/ui/home.py" line="126" />
        <location filename="../../app/ui/home.py" line="128" />
        <source>Audiencias de hoy</source>
        <translation>Today's hearings</translation>
    </message>
    <message>
        <source>Plazos próximos</source>
        <translation>Upcoming deadlines</translation>
    </message>
    <message>
        <source>día no hábil</source>
        <translation>non-working day</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="117" />
        <location filename="../../app/ui/home.py" line="118" />
        <source>Nueva atención</source>
        <translation>New intake</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="119" />
        <source>Registrar a una persona y su ficha (Ctrl+N)</source>
        <translation>Register a person and their intake form (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="129" />
        <location filename="../../app/ui/home.py" line="130" />
        <source>Plazos de los próximos 7 días</source>
        <translation>Deadlines in the next 7 days</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="131" />
        <source>Vencidos sin resultado</source>
        <translation>Overdue without an outcome</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="135" />
        <source>Vencidos sin resultado, por caso</source>
        <translation>Overdue without an outcome, by case</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="136" />
        <source>Ver en la Agenda</source>
        <translation>See in the Agenda</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="137" />
        <source>Ver los vencidos en la Agenda</source>
        <translation>See the overdue items in the Agenda</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="139" />
        <location filename="../../app/ui/home.py" line="140" />
        <source>Fichas en borrador</source>
        <translation>Draft intakes</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="143" />
        <location filename="../../app/ui/home.py" line="150" />
        <source>Conflictos de sincronización</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="146" />
        <source>Datos que este equipo y otro cambiaron a la vez; revise cuál vale en Sincronización. No son conflictos de intereses.</source>
        <translation>Data this computer and another changed at the same time; choose which stands in Synchronization. These are not conflicts of interest.</translation>
    </message>
    <message>
        <source>Conflictos por revisar</source>
        <translation>Conflicts to review</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="201" />
        <source>Hola, %1 — oficina %2</source>
        <translation>Hello, %1 — office %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="240" />
        <source>Audiencias de hoy (%1)</source>
        <translation>Today's hearings (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="214" />
        <source>Plazos de los próximos 7 días (%1)</source>
        <translation>Deadlines in the next 7 days (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="230" />
        <source>No hay conflictos de sincronización.</source>
        <translation>No sync conflicts.</translation>
    </message>
    <message numerus="yes">
        <source>%n reprogramada(s)</source>
        <translation><numerusform>%n rescheduled</numerusform><numerusform>%n rescheduled</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n cancelada(s)</source>
        <translation><numerusform>%n cancelled</numerusform><numerusform>%n cancelled</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="278" />
        <source>%1 y %2</source>
        <translation>%1 and %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/home.py" line="279" />
        <source>%1, de %n caso(s).</source>
        <translation><numerusform>%1, in %n case.</numerusform><numerusform>%1, in %n cases.</numerusform></translation>
    </message>
    <message>
        <source>Vencidos: %1</source>
        <translation type="vanished">Overdue: %1</translation>
    </message>
    <message>
        <source>casos: %1</source>
        <translation type="vanished">cases: %1</translation>
    </message>
    <message>
        <source>audiencias: %1</source>
        <translation type="vanished">hearings: %1</translation>
    </message>
    <message>
        <source>plazos: %1</source>
        <translation type="vanished">deadlines: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="258" />
        <source>Registre qué pasó o reprográmelos.</source>
        <translation>Record what happened or reschedule them.</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="261" />
        <source>Vencidos sin resultado (%1)</source>
        <translation>Overdue without an outcome (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="265" />
        <source>vencidos: %1</source>
        <translation>overdue: %1</translation>
    </message>
    <message numerus="yes">
        <source>Audiencias de hoy (%n)</source>
        <translation type="vanished">
            <numerusform>Today's hearings (%n)</numerusform>
            <numerusform>Today's hearings (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="210" />
        <source>No hay audiencias hoy.</source>
        <translation>No hearings today.</translation>
    </message>
    <message numerus="yes">
        <source>Plazos de los próximos 7 días (%n)</source>
        <translation type="vanished">
            <numerusform>Deadlines in the next 7 days (%n)</numerusform>
            <numerusform>Deadlines in the next 7 days (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="219" />
        <source>No hay plazos en los próximos 7 días.</source>
        <translation>No deadlines in the next 7 days.</translation>
    </message>
    <message>
        <source>No hay conflictos por revisar.</source>
        <translation>No conflicts to review.</translation>
    </message>
    <message numerus="yes">
        <source>%n vencido(s) sin resultado</source>
        <translation type="vanished">
            <numerusform>%n overdue item(s) without an outcome</numerusform>
            <numerusform>%n overdue item(s) without an outcome</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>en %n caso(s)</source>
        <translation type="vanished">
            <numerusform>in %n case(s)</numerusform>
            <numerusform>in %n case(s)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/home.py" line="276" />
        <source>%n audiencia(s)</source>
        <translation><numerusform>%n hearing</numerusform><numerusform>%n hearings</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/home.py" line="275" />
        <source>%n plazo(s)</source>
        <translation><numerusform>%n deadline</numerusform><numerusform>%n deadlines</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Vencidos sin resultado (%n)</source>
        <translation type="vanished">
            <numerusform>Overdue without an outcome (%n)</numerusform>
            <numerusform>Overdue without an outcome (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n vencido(s)</source>
        <translation type="vanished">
            <numerusform>%n overdue</numerusform>
            <numerusform>%n overdue</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="266" />
        <source>desde %1</source>
        <translation>since %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="269" />
        <source>Nada vencido: todo está al día.</source>
        <translation>Nothing overdue: everything is up to date.</translation>
    </message>
    <message>
        <source>No hay plazos próximos.</source>
        <translation>No upcoming deadlines.</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="225" />
        <source>No hay borradores.</source>
        <translation>No drafts.</translation>
    </message>
    <message>
        <source>No hay conflictos.</source>
        <translation>No conflicts.</translation>
    </message>
    <message>
        <source>VENCIDO</source>
        <translation>OVERDUE</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <location filename="../../app/ui/intake.py" line="96" />
        <source>Nueva atención</source>
        <translation>New intake</translation>
    </message>
    <message>
        <source>Nombres</source>
        <translation>Given names</translation>
    </message>
    <message>
        <source>Apellido paterno</source>
        <translation>Paternal surname</translation>
    </message>
    <message>
        <source>Apellido materno</source>
        <translation>Maternal surname</translation>
    </message>
    <message>
        <source>Tipo de documento</source>
        <translation>Document type</translation>
    </message>
    <message>
        <source>DNI</source>
        <translation>DNI</translation>
    </message>
    <message>
        <source>Carné de extranjería</source>
        <translation>Foreigner ID card</translation>
    </message>
    <message>
        <source>Pasaporte</source>
        <translation>Passport</translation>
    </message>
    <message>
        <source>Permiso temporal (CPP)</source>
        <translation>Temporary permit (CPP)</translation>
    </message>
    <message>
        <source>Sin documento</source>
        <translation>No document</translation>
    </message>
    <message>
        <source>Número de documento</source>
        <translation>Document number</translation>
    </message>
    <message>
        <source>Motivo por el que no tiene documento</source>
        <translation>Reason for having no document</translation>
    </message>
    <message>
        <source>ej. DNI extraviado</source>
        <translation>e.g. DNI lost</translation>
    </message>
    <message>
        <source>No sabe</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>Fecha de nacimiento</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Sexo</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Femenino</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Masculino</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Otro</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Distrito</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Ubigeo del distrito (6 dígitos)</source>
        <translation>District ubigeo (6 digits)</translation>
    </message>
    <message>
        <source>Celular</source>
        <translation>Mobile phone</translation>
    </message>
    <message>
        <source>Buscar coincidencias y continuar</source>
        <translation>Look for matches and continue</translation>
    </message>
    <message>
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>1. Persona atendida</source>
        <translation>1. Person served</translation>
    </message>
    <message>
        <source>Documento</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Número</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Motivo sin documento</source>
        <translation>Reason (no document)</translation>
    </message>
    <message>
        <source>Distrito (ubigeo)</source>
        <translation>District (ubigeo)</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake.py" line="154" />
        <source>El borrador ya no existe.</source>
        <translation>The draft no longer exists.</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake.py" line="165" />
        <source>Borrador recuperado: revise los datos y continúe.</source>
        <translation>Draft recovered: check the data and continue.</translation>
    </message>
    <message>
        <source>Escriba al menos los nombres y el apellido paterno.</source>
        <translation>Enter at least the given names and the paternal surname.</translation>
    </message>
    <message>
        <source>Fecha de nacimiento: %1</source>
        <translation>Date of birth: %1</translation>
    </message>
    <message>
        <source>No se reconoce el distrito; elíjalo de la lista.</source>
        <translation>Unknown district; pick it from the list.</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake.py" line="177" />
        <source>Buscando personas parecidas…</source>
        <translation>Looking for similar people…</translation>
    </message>
    <message>
        <source>2. Posibles duplicados y conflictos de intereses</source>
        <translation>2. Possible duplicates and conflicts of interest</translation>
    </message>
    <message>
        <source>Encontramos personas parecidas ya registradas. Decida para cada una antes de continuar.</source>
        <translation>Similar people are already registered. Decide for each one before continuing.</translation>
    </message>
    <message>
        <source>Volver</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Continuar</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Continuar con la ficha</source>
        <translation>Continue to the form</translation>
    </message>
    <message>
        <source>Decida para cada persona encontrada.</source>
        <translation>Decide for each person found.</translation>
    </message>
    <message>
        <source>Conflicto de intereses: esta oficina no puede patrocinar a ambas partes. No se registra la atención; derive el caso a otra oficina.</source>
        <translation>Conflict of interest: this office cannot represent both parties. The intake is not recorded; refer the case to another office.</translation>
    </message>
    <message>
        <source>Solo una persona puede ser la misma.</source>
        <translation>Only one person can be the same person.</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake.py" line="231" />
        <source>Sin coincidencias: nadie parecido está registrado.</source>
        <translation>No matches: nobody alike is registered.</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake.py" line="316" />
        <source>Guardando las decisiones…</source>
        <translation>Saving the decisions…</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake.py" line="357" />
        <source>Conflicto de intereses: esta oficina no puede patrocinar a ambas partes. No se registra la atención; derive a la persona a otra oficina.</source>
        <translation>Conflict of interest: this office cannot represent both parties. The intake is not recorded; refer the person to another office.</translation>
    </message>
    <message>
        <source>3. Ficha de atención</source>
        <translation>3. Intake form</translation>
    </message>
    <message>
        <source>Solo consulta</source>
        <translation>Consultation only</translation>
    </message>
    <message>
        <source>Registrar solo consulta</source>
        <translation>Record consultation only</translation>
    </message>
    <message>
        <source>Abrir caso</source>
        <translation>Open case</translation>
    </message>
    <message>
        <source>Volver a los datos de la persona</source>
        <translation>Back to the person's data</translation>
    </message>
    <message>
        <source>Cancelar la atención</source>
        <translation>Cancel the intake</translation>
    </message>
    <message>
        <source>No hay formularios de atención instalados.</source>
        <translation>No intake forms are installed.</translation>
    </message>
    <message>
        <source>Revise la ficha: %1</source>
        <translation>Check the form: %1</translation>
    </message>
    <message>
        <source>Es obligatorio.</source>
        <translation>Required.</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake.py" line="509" />
        <source>Buscando coincidencias de las partes…</source>
        <translation>Looking for matches of the parties…</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/__init__.py" line="44" />
        <source>(y %1 más)</source>
        <translation>(and %1 more)</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/__init__.py" line="47" />
        <source>Revise la ficha: %1.</source>
        <translation>Check the form: %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake.py" line="535" />
        <source>Guardando…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake.py" line="545" />
        <source>Caso abierto</source>
        <translation>Case opened</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake.py" line="545" />
        <source>Atención registrada</source>
        <translation>Intake recorded</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake.py" line="570" />
        <source>¿Desea guardar esta atención como borrador para continuarla después?</source>
        <translation>Save this intake as a draft to continue it later?</translation>
    </message>
    <message>
        <source>El borrador se guarda con el nombre de %1.</source>
        <translation>The draft is saved under the name of %1.</translation>
    </message>
    <message>
        <source>Guardar borrador</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <source>Descartar</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Seguir con la atención</source>
        <translation>Go on with the intake</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake.py" line="458" />
        <location filename="../../app/ui/intake.py" line="583" />
        <source>Borrador guardado</source>
        <translation>Draft saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake.py" line="505" />
        <source>Obligado de alimentos: %1</source>
        <translation>Child-support obligor: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake.py" line="585" />
        <source>Borrador sin cambios: sigue en Inicio</source>
        <translation>Draft unchanged: it is still on Home</translation>
    </message>
    <message>
        <location filename="../../app/ui/intake.py" line="590" />
        <source>Atención descartada</source>
        <translation>Intake discarded</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <location filename="../../app/ui/lists.py" line="106" />
        <location filename="../../app/ui/lists.py" line="201" />
        <source>Casos</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="106" />
        <source>Personas</source>
        <translation>People</translation>
    </message>
    <message>
        <source>Filtrar por número, nombre o expediente</source>
        <translation>Filter by number, name or court file</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="110" />
        <source>Número, nombre o expediente</source>
        <translation>Number, name or court file</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="112" />
        <source>Filtrar por nombre o documento</source>
        <translation>Filter by name or document</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="118" />
        <source>Filtro de texto</source>
        <translation>Text filter</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="126" />
        <location filename="../../app/ui/lists.py" line="190" />
        <source>Estado</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="127" />
        <location filename="../../app/ui/lists.py" line="189" />
        <source>Materia</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="128" />
        <location filename="../../app/ui/lists.py" line="191" />
        <source>Defensor/a</source>
        <translation>Defender</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="129" />
        <source>Oficina o brigada</source>
        <translation>Office or brigade</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="187" />
        <source>N.º interno</source>
        <translation>Internal no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="188" />
        <source>Beneficiario/a</source>
        <translation>Beneficiary</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="192" />
        <source>Expediente judicial</source>
        <translation>Court file</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="193" />
        <source>Apertura</source>
        <translation>Opened</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="196" />
        <source>Apellidos y nombres</source>
        <translation>Surnames, given names</translation>
    </message>
    <message>
        <source>Nombre</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="197" />
        <source>Documento</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="198" />
        <source>Nacimiento</source>
        <translation>Born</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="199" />
        <source>Distrito</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="200" />
        <source>Teléfono</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Casos como cliente</source>
        <translation>Cases as client</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="207" />
        <source>todos</source>
        <translation>all</translation>
    </message>
    <message>
        <location filename="../../app/ui/lists.py" line="252" />
        <source>Registros: %1</source>
        <translation>Records: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n registro(s)</source>
        <translation type="vanished">
            <numerusform>%n record(s)</numerusform>
            <numerusform>%n record(s)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="178" />
        <source>Abriendo Chasqui…</source>
        <translation>Opening Chasqui…</translation>
    </message>
    <message>
        <source>Buscar</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="225" />
        <source>Buscar…</source>
        <translation>Search…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="226" />
        <source>Bloquear</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="227" />
        <source>Nueva atención</source>
        <translation>New intake</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="228" />
        <source>Sincronizar ahora</source>
        <translation>Synchronize now</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="229" />
        <location filename="../../app/ui/main_window.py" line="565" />
        <source>Salir</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="448" />
        <source>Bloqueando…</source>
        <translation>Locking…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="526" />
        <source>La nota que está escribiendo no se ha agregado al caso. ¿Salir y descartarla?</source>
        <translation>The note you are typing has not been added to the case. Quit and discard it?</translation>
    </message>
    <message>
        <location filename="../../app/ui/lock_draft.py" line="106" />
        <source>La atención que estaba escribiendo no se pudo guardar antes de bloquear. Desbloquee para guardarla. ¿Salir y descartarla?</source>
        <translation>The intake you were writing could not be saved before locking. Unlock to save it. Quit and discard it?</translation>
    </message>
    <message>
        <location filename="../../app/ui/lock_draft.py" line="111" />
        <location filename="../../app/ui/main_window.py" line="528" />
        <source>Salir sin guardar</source>
        <translation>Quit without saving</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="534" />
        <source>Este equipo aún no ha sincronizado con el servidor.</source>
        <translation>This computer has not synced with the server yet.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="536" />
        <source>La última sincronización no se completó.</source>
        <translation>The last sync did not complete.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="539" />
        <source>%n cambio(s) solo está(n) en esta laptop: el servidor aún no los tiene. %1 Sincronice (F5) o haga una copia de seguridad antes de salir. ¿Salir de todos modos?</source>
        <translation><numerusform>%n change is only on this laptop: the server does not have it yet. %1 Sync (F5) or make a backup before quitting. Quit anyway?</numerusform><numerusform>%n changes are only on this laptop: the server does not have them yet. %1 Sync (F5) or make a backup before quitting. Quit anyway?</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="545" />
        <source>Salir de todos modos</source>
        <translation>Quit anyway</translation>
    </message>
    <message>
        <source>Sincronizar</source>
        <translation>Synchronize</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="410" />
        <source>El administrador retiró este equipo. Los datos de este equipo fueron borrados; avise a su supervisor.</source>
        <translation>The administrator revoked this computer. Its data was erased; tell your supervisor.</translation>
    </message>
    <message>
        <source>El administrador retiró este equipo. Avise a su supervisor.</source>
        <translation>The administrator revoked this computer. Tell your supervisor.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="467" />
        <source>Sesión bloqueada.</source>
        <translation>Session locked.</translation>
    </message>
    <message>
        <location filename="../../app/ui/lock_draft.py" line="92" />
        <source>El borrador no se pudo guardar al bloquear: sus datos siguen aquí, sin guardar.</source>
        <translation>The draft could not be saved when locking: its details are still here, unsaved.</translation>
    </message>
</context>
<context>
    <name>MilestoneDialog</name>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="78" />
        <source>Registrar hito</source>
        <translation>Record milestone</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="78" />
        <location filename="../../app/ui/milestone_panel.py" line="107" />
        <source>Guardar</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="82" />
        <location filename="../../app/ui/milestone_panel.py" line="90" />
        <source>Hito</source>
        <translation>Milestone</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="86" />
        <source>Fecha del hito</source>
        <translation>Date of the milestone</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="89" />
        <location filename="../../app/ui/milestone_panel.py" line="92" />
        <source>Nota</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="91" />
        <source>Fecha</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="100" />
        <source>Escriba la fecha del hito.</source>
        <translation>Type the date of the milestone.</translation>
    </message>
</context>
<context>
    <name>MilestonePanel</name>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="48" />
        <source>Automático (de la ficha)</source>
        <translation>Automatic (from the intake form)</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="49" />
        <source>Automático (de la evaluación)</source>
        <translation>Automatic (from the assessment)</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="50" />
        <source>Automático (de la audiencia)</source>
        <translation>Automatic (from the hearing)</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="51" />
        <source>Automático (del cierre)</source>
        <translation>Automatic (from the closing)</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="63" />
        <source>Registrado por %1</source>
        <translation>Recorded by %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="128" />
        <source>Fecha</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="128" />
        <source>Hito</source>
        <translation>Milestone</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="128" />
        <source>Origen</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="128" />
        <source>Nota</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="129" />
        <source>Hitos del caso</source>
        <translation>Milestones of the case</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="132" />
        <source>Registrar hito…</source>
        <translation>Record milestone…</translation>
    </message>
    <message>
        <source>De los registros</source>
        <translation>From the records</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="62" />
        <source>Registrado</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestone_panel.py" line="169" />
        <source>Hito registrado.</source>
        <translation>Milestone recorded.</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <location filename="../../app/ui/case_notes.py" line="102" />
        <source>Notas del caso</source>
        <translation>Case notes</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="105" />
        <source>Escriba una nota del caso…</source>
        <translation>Write a case note…</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="106" />
        <source>Texto de la nota</source>
        <translation>Note text</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="109" />
        <location filename="../../app/ui/case_notes.py" line="110" />
        <source>Agregar nota</source>
        <translation>Add note</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="112" />
        <location filename="../../app/ui/case_notes.py" line="113" />
        <location filename="../../app/ui/case_notes.py" line="232" />
        <source>Agregar y firmar</source>
        <translation>Add and sign</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="115" />
        <location filename="../../app/ui/case_notes.py" line="116" />
        <source>Firmar nota seleccionada</source>
        <translation>Sign selected note</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="118" />
        <location filename="../../app/ui/case_notes.py" line="119" />
        <source>Corregir nota seleccionada</source>
        <translation>Correct selected note</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="157" />
        <source>firmada %1</source>
        <translation>signed %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="159" />
        <source>sin firmar</source>
        <translation>unsigned</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="162" />
        <source>corregida el %1</source>
        <translation>corrected on %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="168" />
        <source>corrección de la nota del %1</source>
        <translation>correction of the note of %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="189" />
        <source>Escriba primero el texto de la nota.</source>
        <translation>First write the text of the note.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="194" />
        <source>Seleccione primero una nota de la lista.</source>
        <translation>First select a note in the list.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="197" />
        <source>Esta nota ya está firmada; no se puede cambiar.</source>
        <translation>This note is already signed; it cannot change.</translation>
    </message>
    <message>
        <source>Solo se corrigen notas firmadas; esta aún no está firmada.</source>
        <translation>Only signed notes are corrected; this one is not signed yet.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="206" />
        <source>Esta nota ya fue corregida; corrija la nota de corrección.</source>
        <translation>This note was already corrected; correct the correction instead.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="209" />
        <source>Firma la nota: después no se puede cambiar.</source>
        <translation>Signs the note: afterwards it cannot change.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="213" />
        <source>Escribe una corrección que reemplaza la nota; las dos quedan a la vista.</source>
        <translation>Writes a correction that replaces the note; both stay visible.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="215" />
        <source>La nota aún no está firmada: cambia su texto.</source>
        <translation>The note is not signed yet: change its text.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="229" />
        <source>¿Agregar y firmar esta nota? Una nota firmada ya no se puede cambiar; solo se puede corregir con una nota nueva.</source>
        <translation>Add and sign this note? A signed note can no longer change; it can only be corrected by a new note.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="239" />
        <source>Nota agregada y firmada.</source>
        <translation>Note added and signed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="239" />
        <source>Nota agregada.</source>
        <translation>Note added.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="227" />
        <location filename="../../app/ui/case_notes.py" line="251" />
        <source>Firmar nota</source>
        <translation>Sign note</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="200" />
        <source>La escribió %1: solo quien la escribió puede firmarla. Puede escribir una corrección.</source>
        <translation>Written by %1: only its author can sign it. You can write a correction.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="204" />
        <source>Esta nota ya fue corregida; firme la corrección.</source>
        <translation>This note has been corrected; sign the correction.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="253" />
        <source>¿Firmar esta nota? Una nota firmada ya no se puede cambiar; solo se puede corregir con una nota nueva.</source>
        <translation>Sign this note? A signed note can no longer change; it can only be corrected by a new note.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="256" />
        <source>Firmar</source>
        <translation>Sign</translation>
    </message>
    <message>
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="266" />
        <source>Nota firmada.</source>
        <translation>Note signed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="289" />
        <source>La corrección está vacía: no se guardó nada.</source>
        <translation>The correction is empty: nothing was saved.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="294" />
        <source>Nota cambiada.</source>
        <translation>Note changed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_notes.py" line="298" />
        <source>Corrección guardada.</source>
        <translation>Correction saved.</translation>
    </message>
</context>
<context>
    <name>PartyDialog</name>
    <message>
        <location filename="../../app/ui/case_edit.py" line="162" />
        <source>Agregar parte al caso</source>
        <translation>Add a party to the case</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="162" />
        <source>Agregar</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="169" />
        <source>Nombre, apellido o documento</source>
        <translation>Name, surname or document</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="170" />
        <source>Buscar persona</source>
        <translation>Find a person</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="172" />
        <source>Personas encontradas</source>
        <translation>People found</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="177" />
        <source>Buscar</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="178" />
        <source>Persona</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="181" />
        <source>No está registrada: registrarla ahora</source>
        <translation>Not registered: register now</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="183" />
        <source>Posibles conflictos de intereses</source>
        <translation>Possible conflicts of interest</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="193" />
        <location filename="../../app/ui/case_edit.py" line="197" />
        <source>Rol</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="263" />
        <source>Nadie registrado coincide: marque «No está registrada» para registrarla.</source>
        <translation>Nobody registered matches: tick “Not registered” to register her.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="287" />
        <source>Busque y elija primero a la persona.</source>
        <translation>First find and choose the person.</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="297" />
        <source>Buscando posibles conflictos de intereses…</source>
        <translation>Looking for possible conflicts of interest…</translation>
    </message>
    <message>
        <source>Parte: %1</source>
        <translation>Party: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="316" />
        <source>Es la persona que eligió en la lista.</source>
        <translation>It is the person you chose in the list.</translation>
    </message>
    <message>
        <source>Conflicto de intereses</source>
        <translation>Conflict of interest</translation>
    </message>
    <message>
        <source>%1 es cliente de esta oficina en %2. Agregarlo como %3 de este caso es un conflicto de intereses. ¿Agregarlo de todos modos? Su decisión queda registrada.</source>
        <translation type="vanished">%1 is a client of this office in %2. Adding them as %3 of this case is a conflict of interest. Add them anyway? Your decision is recorded.</translation>
    </message>
    <message>
        <source>Agregar de todos modos</source>
        <translation type="vanished">Add anyway</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="274" />
        <source>Revise los datos marcados.</source>
        <translation>Check the marked data.</translation>
    </message>
    <message>
        <source>Ya hay personas registradas parecidas: %1. Si es una de ellas, búsquela arriba; si no, pulse «Agregar» otra vez para registrarla.</source>
        <translation>Similar people are already registered: %1. If she is one of them, find her above; if not, press “Add” again to register her.</translation>
    </message>
</context>
<context>
    <name>PdfProtectionDialog</name>
    <message>
        <location filename="../../app/ui/pdf_protect.py" line="46" />
        <source>Proteger el documento</source>
        <translation>Protect the document</translation>
    </message>
    <message>
        <location filename="../../app/ui/pdf_protect.py" line="50" />
        <source>Elija una contraseña para abrirlo (al menos %1 caracteres) y compártala por otro medio.</source>
        <translation>Choose a password to open it (at least %1 characters) and share it by another channel.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pdf_protect.py" line="55" />
        <source>El PDF tendrá datos personales. Elija una contraseña para abrirlo (al menos %1 caracteres) y compártala por otro medio.</source>
        <translation>The PDF will hold personal data. Choose a password to open it (at least %1 characters) and share it by another channel.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pdf_protect.py" line="61" />
        <source>Contraseña del documento</source>
        <translation>Document password</translation>
    </message>
    <message>
        <location filename="../../app/ui/pdf_protect.py" line="62" />
        <source>Repita la contraseña del documento</source>
        <translation>Repeat the document password</translation>
    </message>
    <message>
        <location filename="../../app/ui/pdf_protect.py" line="64" />
        <source>Guardar sin contraseña (cualquiera que tenga el archivo podrá leerlo)</source>
        <translation>Save without a password (anyone who has the file can read it)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pdf_protect.py" line="74" />
        <source>Contraseña</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/pdf_protect.py" line="75" />
        <source>Repita la contraseña</source>
        <translation>Repeat the passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/pdf_protect.py" line="90" />
        <source>La contraseña del documento debe tener al menos %1 caracteres.</source>
        <translation>The document password must have at least %1 characters.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pdf_protect.py" line="93" />
        <source>Las contraseñas no coinciden.</source>
        <translation>The passphrases do not match.</translation>
    </message>
</context>
<context>
    <name>PersonEditDialog</name>
    <message>
        <location filename="../../app/ui/person_form.py" line="234" />
        <source>Editar datos de la persona</source>
        <translation>Edit the person's details</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="234" />
        <source>Guardar</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="249" />
        <source>Revise los campos marcados.</source>
        <translation>Check the marked fields.</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="253" />
        <source>No hay cambios que guardar.</source>
        <translation>There are no changes to save.</translation>
    </message>
</context>
<context>
    <name>PersonFields</name>
    <message>
        <location filename="../../app/ui/person_form.py" line="70" />
        <source>Nombres</source>
        <translation>Given names</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="71" />
        <source>Apellido paterno</source>
        <translation>Paternal surname</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="72" />
        <source>Apellido materno</source>
        <translation>Maternal surname</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="73" />
        <source>Número de documento</source>
        <translation>Document number</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="74" />
        <source>Motivo sin documento</source>
        <translation>Reason (no document)</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="75" />
        <source>Celular</source>
        <translation>Mobile phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="81" />
        <source>Tipo de documento</source>
        <translation>Document type</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="86" />
        <location filename="../../app/ui/person_form.py" line="100" />
        <source>Fecha de nacimiento</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="88" />
        <location filename="../../app/ui/person_form.py" line="101" />
        <source>Sexo</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="88" />
        <location filename="../../app/ui/person_form.py" line="91" />
        <source>(sin dato)</source>
        <translation>(no data)</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="90" />
        <location filename="../../app/ui/person_form.py" line="102" />
        <source>Distrito</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="91" />
        <location filename="../../app/ui/person_form.py" line="104" />
        <source>Lengua materna</source>
        <translation>Mother tongue</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="92" />
        <source>Necesita intérprete</source>
        <translation>Needs an interpreter</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="97" />
        <source>Documento</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_form.py" line="98" />
        <source>Número</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Elija un distrito de la lista.</source>
        <translation>Choose a district from the list.</translation>
    </message>
</context>
<context>
    <name>PersonProfile</name>
    <message>
        <source>← Volver</source>
        <translation>← Back</translation>
    </message>
    <message>
        <source>Volver</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="66" />
        <source>Editar datos…</source>
        <translation>Edit details…</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="67" />
        <source>Editar datos de la persona</source>
        <translation>Edit the person's details</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="78" />
        <location filename="../../app/ui/person_profile.py" line="89" />
        <source>Número</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="79" />
        <location filename="../../app/ui/person_profile.py" line="91" />
        <location filename="../../app/ui/person_profile.py" line="104" />
        <source>Materia</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="80" />
        <location filename="../../app/ui/person_profile.py" line="92" />
        <location filename="../../app/ui/person_profile.py" line="105" />
        <location filename="../../app/ui/person_profile.py" line="112" />
        <source>Estado</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="81" />
        <source>Expediente judicial</source>
        <translation>Court file</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="82" />
        <location filename="../../app/ui/person_profile.py" line="93" />
        <source>Apertura</source>
        <translation>Opened</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="83" />
        <source>Defensor/a</source>
        <translation>Defender</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="85" />
        <source>Casos como cliente</source>
        <translation>Cases as client</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="90" />
        <source>Rol</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="95" />
        <source>Casos como otra parte</source>
        <translation>Cases as another party</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="102" />
        <location filename="../../app/ui/person_profile.py" line="112" />
        <source>Fecha</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="103" />
        <source>Servicio</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="106" />
        <source>Caso</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="108" />
        <source>Fichas de atención</source>
        <translation>Intake records</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="112" />
        <source>Institución</source>
        <translation>Institution</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="112" />
        <source>Motivo</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="113" />
        <source>Derivaciones</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="116" />
        <location filename="../../app/ui/person_profile.py" line="163" />
        <source>Cronología</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="119" />
        <source>Secciones de la persona</source>
        <translation>Sections of the person</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="135" />
        <source>Cargando…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="159" />
        <source>Casos como cliente (%1)</source>
        <translation>Cases as client (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="160" />
        <source>Casos como otra parte (%1)</source>
        <translation>Cases as another party (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="161" />
        <source>Fichas de atención (%1)</source>
        <translation>Intake records (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="162" />
        <source>Derivaciones (%1)</source>
        <translation>Referrals (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="259" />
        <source>Documento</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="260" />
        <source>Fecha de nacimiento</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="261" />
        <source>Sexo</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="262" />
        <source>Distrito</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="263" />
        <source>Celular</source>
        <translation>Mobile phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="265" />
        <source>Lengua materna</source>
        <translation>Mother tongue</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="269" />
        <source>Intérprete</source>
        <translation>Interpreter</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="270" />
        <source>Necesita</source>
        <translation>Needed</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="270" />
        <source>No necesita</source>
        <translation>Not needed</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="284" />
        <source>Registrada en Chasqui</source>
        <translation>Registered in Chasqui</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="285" />
        <source>Datos personales modificados</source>
        <translation>Personal details changed</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="286" />
        <source>Ficha de atención: %1</source>
        <translation>Intake record: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="290" />
        <source>Caso %1 abierto (%2)</source>
        <translation>Case %1 opened (%2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="295" />
        <source>Caso %1 cerrado: %2</source>
        <translation>Case %1 closed: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="297" />
        <source>Caso %1 cerrado</source>
        <translation>Case %1 closed</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="300" />
        <source>Caso %1 reabierto. Motivo: %2</source>
        <translation>Case %1 reopened. Reason: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="317" />
        <source>Caso %1: %2</source>
        <translation>Case %1: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="305" />
        <source>Derivación a %1</source>
        <translation>Referred to %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_profile.py" line="345" />
        <source>Datos de la persona guardados.</source>
        <translation>The person's details were saved.</translation>
    </message>
</context>
<context>
    <name>PersonStep</name>
    <message>
        <source>Nombres</source>
        <translation>Given names</translation>
    </message>
    <message>
        <source>Apellido paterno</source>
        <translation>Paternal surname</translation>
    </message>
    <message>
        <source>Apellido materno</source>
        <translation>Maternal surname</translation>
    </message>
    <message>
        <source>Tipo de documento</source>
        <translation>Document type</translation>
    </message>
    <message>
        <source>Número de documento</source>
        <translation>Document number</translation>
    </message>
    <message>
        <source>Motivo por el que no tiene documento</source>
        <translation>Reason for having no document</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_step.py" line="82" />
        <source>ej. DNI extraviado</source>
        <translation>e.g. DNI lost</translation>
    </message>
    <message>
        <source>Fecha de nacimiento</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Sexo</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Distrito</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Celular</source>
        <translation>Mobile phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_step.py" line="83" />
        <source>9 dígitos, ej. 987654321</source>
        <translation>9 digits, e.g. 987654321</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_step.py" line="84" />
        <location filename="../../app/ui/person_step.py" line="85" />
        <source>Buscar coincidencias y continuar</source>
        <translation>Look for matches and continue</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_step.py" line="89" />
        <source>También con Enter en cualquier campo</source>
        <translation>Also with Enter in any field</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_step.py" line="91" />
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_step.py" line="92" />
        <source>Cancelar la atención</source>
        <translation>Cancel the intake</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_step.py" line="94" />
        <location filename="../../app/ui/person_step.py" line="130" />
        <source>Descartar borrador</source>
        <translation>Discard draft</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_step.py" line="127" />
        <source>¿Descartar este borrador? Lo que tiene se pierde.</source>
        <translation>Discard this draft? What it holds is lost.</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_step.py" line="132" />
        <source>Descartar</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_step.py" line="173" />
        <source>Es obligatorio.</source>
        <translation>Required.</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_step.py" line="177" />
        <source>Escriba al menos los nombres y el apellido paterno.</source>
        <translation>Enter at least the given names and the paternal surname.</translation>
    </message>
    <message>
        <location filename="../../app/ui/person_step.py" line="69" />
        <source>1. Persona atendida</source>
        <translation>1. Person served</translation>
    </message>
    <message>
        <source>Documento</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Número</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Motivo sin documento</source>
        <translation>Reason (no document)</translation>
    </message>
    <message>
        <source>Fecha de nacimiento: %1</source>
        <translation>Date of birth: %1</translation>
    </message>
    <message>
        <source>Distrito: no se reconoce; elíjalo de la lista.</source>
        <translation>District: not recognised; choose it from the list.</translation>
    </message>
</context>
<context>
    <name>ProposalRow</name>
    <message>
        <location filename="../../app/ui/deadlines.py" line="66" />
        <source>Aceptar %1</source>
        <translation>Accept %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="68" />
        <source>días hábiles</source>
        <translation>working days</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="68" />
        <source>días calendario</source>
        <translation>calendar days</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="73" />
        <source> (no se cuentan: %1)</source>
        <translation> (not counted: %1)</translation>
    </message>
    <message>
        <source>Vence el %1 · %2
Regla: %3 (%4, versión %5)</source>
        <translation type="vanished">Due on %1 · %2
Rule: %3 (%4, version %5)</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="60" />
        <source>Plazo de la otra parte</source>
        <translation>The other party's deadline</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="77" />
        <source>Vence el %1 · %2
Base legal: %3</source>
        <translation>Due on %1 · %2
Legal basis: %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="88" />
        <source>Corre para la parte demandada: acéptelo solo si su cliente lo es.</source>
        <translation>This deadline runs for the respondent: accept it only if your client is the respondent.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="91" />
        <source>Corre para la parte demandante: acéptelo solo si su cliente lo es.</source>
        <translation>This deadline runs for the claimant: accept it only if your client is the claimant.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="97" />
        <source>Fecha de vencimiento de %1</source>
        <translation>Due date of %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="100" />
        <source>Motivo del cambio de %1</source>
        <translation>Reason for changing %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="101" />
        <source>Solo si cambia la fecha: el motivo</source>
        <translation>Only when you change the date: the reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="107" />
        <source>Vence</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="108" />
        <source>Motivo</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>QuitThroughDialogs</name>
    <message>
        <location filename="../../app/ui/quit_keys.py" line="102" />
        <source>Está abierta la ventana «%1». ¿Cerrarla sin guardar y salir de Chasqui?</source>
        <translation>The window “%1” is open. Close it without saving and quit Chasqui?</translation>
    </message>
    <message>
        <location filename="../../app/ui/quit_keys.py" line="105" />
        <source>Hay una ventana abierta. ¿Cerrarla sin guardar y salir de Chasqui?</source>
        <translation>A window is open. Close it without saving and quit Chasqui?</translation>
    </message>
    <message>
        <location filename="../../app/ui/quit_keys.py" line="111" />
        <source>Salir</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../app/ui/quit_keys.py" line="111" />
        <source>Cerrar y salir</source>
        <translation>Close and quit</translation>
    </message>
</context>
<context>
    <name>ReferralDialog</name>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="101" />
        <source>Nueva derivación</source>
        <translation>New referral</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="95" />
        <location filename="../../app/ui/referral_panel.py" line="110" />
        <source>Institución</source>
        <translation>Institution</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="102" />
        <source>— Seleccione —</source>
        <translation>— Select —</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="104" />
        <source>ej. CEM Comisaría de Wanchaq</source>
        <translation>e.g. CEM Wanchaq police station</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="105" />
        <source>Nombre de la institución</source>
        <translation>Name of the institution</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="106" />
        <source>Fecha de derivación</source>
        <translation>Referral date</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="109" />
        <location filename="../../app/ui/referral_panel.py" line="113" />
        <source>Motivo</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="111" />
        <source>Nombre</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="112" />
        <source>Fecha</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="117" />
        <source>Elija la institución.</source>
        <translation>Choose the institution.</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="119" />
        <source>Escriba la fecha de derivación.</source>
        <translation>Write the referral date.</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="121" />
        <source>Escriba el motivo de la derivación.</source>
        <translation>Write the reason for the referral.</translation>
    </message>
    <message>
        <source>Guardar</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReferralPanel</name>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="185" />
        <source>Fecha</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="186" />
        <source>Institución</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>Nombre</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="187" />
        <source>Estado</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="188" />
        <source>Motivo</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="189" />
        <source>Seguimiento</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="191" />
        <source>Derivaciones del caso</source>
        <translation>Referrals of the case</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="193" />
        <source>No hay derivaciones registradas.</source>
        <translation>No referrals recorded.</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="198" />
        <source>Nueva derivación…</source>
        <translation>New referral…</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="200" />
        <source>Actualizar seguimiento…</source>
        <translation>Update follow-up…</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="257" />
        <source>Seleccione primero una derivación de la lista.</source>
        <translation>First select a referral in the list.</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="290" />
        <source>Derivación registrada.</source>
        <translation>Referral recorded.</translation>
    </message>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="297" />
        <source>Seguimiento de la derivación guardado.</source>
        <translation>Follow-up of the referral saved.</translation>
    </message>
</context>
<context>
    <name>ReopenDialog</name>
    <message>
        <location filename="../../app/ui/case_edit.py" line="476" />
        <source>Reabrir el caso</source>
        <translation>Reopen the case</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="476" />
        <source>Reabrir</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="481" />
        <location filename="../../app/ui/case_edit.py" line="486" />
        <source>Motivo</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="482" />
        <source>ej. La demandada apeló la sentencia</source>
        <translation>e.g. The defendant appealed the judgment</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="484" />
        <source>El motivo queda como una nota firmada del caso.</source>
        <translation>The reason is kept as a signed note of the case.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/case_edit.py" line="492" />
        <source>Restaurar %n audiencia(s) o plazo(s) que el cierre canceló:</source>
        <translation><numerusform>Restore the %n hearing or deadline the closing cancelled:</numerusform><numerusform>Restore the %n hearings and deadlines the closing cancelled:</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/case_edit.py" line="511" />
        <source>Escriba el motivo.</source>
        <translation>Write the reason.</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../app/ui/reports_page.py" line="63" />
        <source>Reportes disponibles</source>
        <translation>Available reports</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="64" />
        <source>Generar PDF…</source>
        <translation>Generate PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="65" />
        <source>Generar PDF</source>
        <translation>Generate PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="70" />
        <source>Reportes</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="76" />
        <source>Los reportes PDF no están instalados en este equipo.</source>
        <translation>PDF reports are not installed on this computer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="104" />
        <source>Guardar reporte</source>
        <translation>Save report</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="110" />
        <source>Revisando las cifras…</source>
        <translation>Checking the figures…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="128" />
        <source>El reporte no tiene nombres, pero algunas celdas cuentan menos de %1 personas y pueden identificar a alguien (%2).</source>
        <translation>The report has no names, but some cells count fewer than %1 people and could identify someone (%2).</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="144" />
        <source>Generando…</source>
        <translation>Generating…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="148" />
        <source>Reporte guardado en %1</source>
        <translation>Report saved to %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="151" />
        <source>Reporte guardado en %1 sin contraseña: solo tiene totales, ninguna cifra de menos de %2 personas.</source>
        <translation>Report saved to %1 without a password: it holds only totals, no figure of fewer than %2 people.</translation>
    </message>
</context>
<context>
    <name>RescheduleDialog</name>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="418" />
        <location filename="../../app/ui/hearing_dialogs.py" line="436" />
        <location filename="../../app/ui/hearing_dialogs.py" line="463" />
        <source>Reprogramar</source>
        <translation>Reschedule</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="421" />
        <source>Audiencia o plazo</source>
        <translation>Hearing or deadline</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="424" />
        <source>Fecha actual</source>
        <translation>Current date</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="429" />
        <source>Motivo de la reprogramación</source>
        <translation>Reason for rescheduling</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="430" />
        <source>ej. El juzgado reprogramó por falta de quórum</source>
        <translation>e.g. The court rescheduled for lack of quorum</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="434" />
        <source>Motivo</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="442" />
        <source>Escriba el motivo de la reprogramación.</source>
        <translation>Type why it is rescheduled.</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="422" />
        <location filename="../../app/ui/hearing_dialogs.py" line="427" />
        <source>Nueva fecha y hora</source>
        <translation>New date and time</translation>
    </message>
    <message>
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ResultDialog</name>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="493" />
        <source>Marcar cumplido</source>
        <translation>Mark met</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="493" />
        <source>Marcar incumplido</source>
        <translation>Mark missed</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="495" />
        <source>Marcar realizada</source>
        <translation>Mark held</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="495" />
        <source>Marcar frustrada</source>
        <translation>Mark failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="503" />
        <source>Audiencia o plazo</source>
        <translation>Hearing or deadline</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="505" />
        <location filename="../../app/ui/hearing_dialogs.py" line="512" />
        <source>Qué pasó</source>
        <translation>What happened</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="508" />
        <source>ej. Se fijó pensión provisional</source>
        <translation>e.g. Provisional maintenance was set</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="510" />
        <source>ej. No asistió la parte demandada</source>
        <translation>e.g. The defendant did not attend</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="512" />
        <source>Qué pasó (opcional)</source>
        <translation>What happened (optional)</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="525" />
        <source>Escriba qué pasó.</source>
        <translation>Write what happened.</translation>
    </message>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="541" />
        <source>Si es así, pulse «%1» otra vez.</source>
        <translation>If so, press “%1” again.</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <location filename="../../app/ui/search.py" line="41" />
        <location filename="../../app/ui/search.py" line="50" />
        <source>Buscar</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../app/ui/search.py" line="49" />
        <source>Buscar personas, casos y notas…</source>
        <translation>Search people, cases and notes…</translation>
    </message>
    <message>
        <location filename="../../app/ui/search.py" line="53" />
        <source>Resultados de la búsqueda</source>
        <translation>Search results</translation>
    </message>
    <message>
        <location filename="../../app/ui/search.py" line="84" />
        <source>Escriba al menos 2 letras.</source>
        <translation>Type at least 2 letters.</translation>
    </message>
    <message>
        <location filename="../../app/ui/search.py" line="100" />
        <source>caso %1</source>
        <translation>case %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/search.py" line="114" />
        <source>Se muestran los primeros %1 resultados; hay más. Escriba más palabras para acotar la búsqueda.</source>
        <translation>Showing the first %1 results; there are more. Type more words to narrow the search.</translation>
    </message>
    <message>
        <location filename="../../app/ui/search.py" line="119" />
        <source>Resultados: %1</source>
        <translation>Results: %1</translation>
    </message>
    <message numerus="yes">
        <source>Se muestran los primeros %n resultados; hay más. Escriba más palabras para acotar la búsqueda.</source>
        <translation type="vanished">
            <numerusform>Showing the first %n results; there are more. Type more words to narrow the search.</numerusform>
            <numerusform>Showing the first %n results; there are more. Type more words to narrow the search.</numerusform>
        </translation>
    </message>
    <message>
        <source>Persona</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Caso</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Nota</source>
        <translation>Note</translation>
    </message>
    <message numerus="yes">
        <source>%n resultado(s)</source>
        <translation type="vanished">
            <numerusform>%n result(s)</numerusform>
            <numerusform>%n result(s)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/search.py" line="121" />
        <source>Sin resultados.</source>
        <translation>No results.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../app/ui/sync_page.py" line="53" />
        <source>Enviando cambios</source>
        <translation>Sending changes</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="54" />
        <source>Recibiendo cambios</source>
        <translation>Receiving changes</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="55" />
        <source>Descargando los datos de la oficina</source>
        <translation>Downloading the office's data</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="56" />
        <source>Transfiriendo adjuntos</source>
        <translation>Transferring attachments</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="57" />
        <source>Datos transferidos</source>
        <translation>Data transferred</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="58" />
        <source>Conectando</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="59" />
        <source>Terminado</source>
        <translation>Finished</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="95" />
        <source>Dirección del servidor</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="97" />
        <source>Guardar</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="98" />
        <source>Guardar servidor</source>
        <translation>Save server</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="101" />
        <source>Servidor</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="105" />
        <source>Sincronizar ahora (F5)</source>
        <translation>Synchronize now (F5)</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="106" />
        <source>Sincronizar ahora</source>
        <translation>Synchronize now</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="108" />
        <source>Exportar paquete USB…</source>
        <translation>Export USB bundle…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="109" />
        <location filename="../../app/ui/sync_page.py" line="419" />
        <location filename="../../app/ui/sync_page.py" line="429" />
        <source>Exportar paquete USB</source>
        <translation>Export USB bundle</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="111" />
        <source>Importar paquete USB…</source>
        <translation>Import USB bundle…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="112" />
        <location filename="../../app/ui/sync_page.py" line="447" />
        <source>Importar paquete USB</source>
        <translation>Import USB bundle</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="115" />
        <source>Progreso de la sincronización</source>
        <translation>Synchronization progress</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="127" />
        <source>Conflictos</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="128" />
        <location filename="../../app/ui/sync_page.py" line="187" />
        <source>Cuarentena</source>
        <translation>Quarantine</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="129" />
        <source>Recibidos apartados</source>
        <translation>Received, set aside</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="131" />
        <source>Historial de sincronización</source>
        <translation>Synchronization history</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="138" />
        <source>Historial</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="141" />
        <source>Sincronización</source>
        <translation>Synchronization</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="153" />
        <source>Conflictos por revisar</source>
        <translation>Conflicts to review</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="163" />
        <location filename="../../app/ui/sync_page.py" line="174" />
        <source>Mi versión</source>
        <translation>My version</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="166" />
        <source>Versión del servidor</source>
        <translation>Server version</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="167" />
        <location filename="../../app/ui/sync_page.py" line="168" />
        <source>Conservar mi versión</source>
        <translation>Keep my version</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="170" />
        <location filename="../../app/ui/sync_page.py" line="171" />
        <source>Conservar la otra versión</source>
        <translation>Keep the other version</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="175" />
        <source>La otra versión (vigente)</source>
        <translation>The other version (current)</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="186" />
        <source>Fecha</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="186" />
        <location filename="../../app/ui/sync_page.py" line="202" />
        <source>Registro</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="186" />
        <source>Motivo del servidor</source>
        <translation>Server's reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="196" />
        <source>Registros recibidos que este equipo no puede aplicar. Se guardan completos y se vuelven a intentar cada vez que desbloquea; el resto de la sincronización sigue. Si no desaparecen, avise al administrador.</source>
        <translation>Received records this computer cannot apply. They are kept whole and tried again each time you unlock; the rest of the synchronization goes on. If they do not go away, tell the administrator.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="202" />
        <source>Recibido</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="202" />
        <source>Motivo</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="203" />
        <source>Registros recibidos apartados</source>
        <translation>Received records set aside</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="236" />
        <location filename="../../app/ui/sync_page.py" line="241" />
        <source>No hay conflictos por revisar.</source>
        <translation>No conflicts to review.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/sync_page.py" line="245" />
        <source>Conflictos (%n)</source>
        <translation><numerusform>Conflicts (%n)</numerusform><numerusform>Conflicts (%n)</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/sync_page.py" line="247" />
        <source>Cuarentena (%n)</source>
        <translation><numerusform>Quarantine (%n)</numerusform><numerusform>Quarantine (%n)</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/sync_page.py" line="249" />
        <source>Recibidos apartados (%n)</source>
        <translation><numerusform>Received, set aside (%n)</numerusform><numerusform>Received, set aside (%n)</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="289" />
        <source>La sincronización no está disponible en este equipo todavía.</source>
        <translation>Synchronization is not available on this computer yet.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="294" />
        <source>Este equipo no está vinculado con el servidor, así que no puede sincronizar ni usar paquetes USB. Pida al administrador de Chasqui que lo vincule.</source>
        <translation>This computer is not linked with the server, so it cannot sync or use USB packages. Ask the Chasqui administrator to link it.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="298" />
        <source>Configure la dirección del servidor para sincronizar.</source>
        <translation>Set the server address to synchronize.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="310" />
        <source>Escriba la dirección completa del servidor (https://…).</source>
        <translation>Enter the full server address (https://…).</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="317" />
        <source>Use una dirección https://. Sin cifrado (http://), cualquiera en la red podría leer la clave del equipo y falsificar respuestas del servidor.</source>
        <translation>Use an https:// address. Without encryption (http://), anyone on the network could read this computer's key and forge the server's answers.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="341" />
        <source>Conectando…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="380" />
        <source>Este paquete USB ya se había importado: nada cambió.</source>
        <translation>This USB package had already been imported: nothing changed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="383" />
        <source>Paquete USB importado: %1.</source>
        <translation>USB package imported: %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="385" />
        <source>Sincronización completa: %1.</source>
        <translation>Synchronization complete: %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="421" />
        <source>No hay cambios por enviar. Un paquete sin cambios sirve para traer los cambios de la oficina: el servidor responde con ellos. ¿Exportarlo?</source>
        <translation>There are no changes to send. A bundle without changes still brings the office's changes: the server answers with them. Export it?</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/sync_page.py" line="437" />
        <source>Paquete guardado en %1 con %n cambio(s). Llévelo al servidor de la oficina e importe aquí la respuesta.</source>
        <translation><numerusform>Bundle saved in %1 with %n change. Take it to the office server and import its reply here.</numerusform><numerusform>Bundle saved in %1 with %n changes. Take it to the office server and import its reply here.</numerusform></translation>
    </message>
    <message>
        <source>Sincronización completa: %1 enviados, %2 recibidos, %3 conflictos.</source>
        <translation>Synchronization complete: %1 sent, %2 received, %3 conflicts.</translation>
    </message>
    <message numerus="yes">
        <source>Paquete exportado. Cambios incluidos: %n.</source>
        <translation><numerusform>Bundle exported. Changes included: %n.</numerusform><numerusform>Bundle exported. Changes included: %n.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Paquete exportado con %n cambio(s).</source>
        <translation><numerusform>Bundle exported with %n change(s).</numerusform><numerusform>Bundle exported with %n change(s).</numerusform></translation>
    </message>
</context>
<context>
    <name>SyncReasons</name>
    <message>
        <location filename="../../app/ui/sync_reasons.py" line="16" />
        <source>No tiene la forma de un registro de Chasqui.</source>
        <translation>It does not have the shape of a Chasqui record.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_reasons.py" line="17" />
        <source>Es de un tipo de registro que esta versión no conoce: actualice Chasqui.</source>
        <translation>It is a kind of record this version does not know: update Chasqui.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_reasons.py" line="20" />
        <source>Trae campos que esta versión no conoce: actualice Chasqui.</source>
        <translation>It carries fields this version does not know: update Chasqui.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_reasons.py" line="23" />
        <source>Trae un dato inválido (tipo, tamaño o formato que no corresponde).</source>
        <translation>It carries an invalid value (wrong type, size or format).</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_reasons.py" line="26" />
        <source>Las respuestas de la ficha no cumplen el formulario.</source>
        <translation>The intake answers do not meet the form.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_reasons.py" line="29" />
        <source>Su fecha y hora están muy adelantadas respecto del reloj del servidor.</source>
        <translation>Its date and time are far ahead of the server's clock.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_reasons.py" line="33" />
        <source>Está firmado con el sello de otro equipo.</source>
        <translation>It is signed with another computer's stamp.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_reasons.py" line="34" />
        <source>Dice venir de otro equipo.</source>
        <translation>It claims to come from another computer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_reasons.py" line="35" />
        <source>Su autor no es un usuario de esta oficina.</source>
        <translation>Its author is not a user of this office.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_reasons.py" line="36" />
        <source>Intenta dar el rol de administrador desde un equipo.</source>
        <translation>It tries to grant the administrator role from a computer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_reasons.py" line="39" />
        <source>Se refiere a registros de otra oficina.</source>
        <translation>It refers to records of another office.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_reasons.py" line="40" />
        <source>Modifica un registro firmado, que ya no puede cambiar.</source>
        <translation>It modifies a signed record, which can no longer change.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_reasons.py" line="43" />
        <source>Repite el identificador de otro cambio con otro contenido.</source>
        <translation>It repeats the identifier of another change with other content.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_reasons.py" line="46" />
        <source>Ya puede aplicarse: se aplicará la próxima vez que desbloquee.</source>
        <translation>It can be applied now: it will be applied the next time you unlock.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_reasons.py" line="50" />
        <source>El servidor no lo aceptó.</source>
        <translation>The server did not accept it.</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../app/ui/status.py" line="114" />
        <source>Cambios de este equipo que aún no están en el servidor</source>
        <translation>Changes on this computer that are not on the server yet</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="116" />
        <source>Última sincronización completa con el servidor</source>
        <translation>Last complete synchronization with the server</translation>
    </message>
    <message>
        <source>Conflictos por revisar</source>
        <translation>Conflicts to review</translation>
    </message>
    <message>
        <source>Conflictos por revisar (abre Sincronización)</source>
        <translation>Conflicts to review (opens Synchronization)</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="119" />
        <source>Conflictos de sincronización</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="121" />
        <source>Conflictos de sincronización por revisar (abre Sincronización)</source>
        <translation>Sync conflicts to review (opens Synchronization)</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="182" />
        <source>Sincronización fallida</source>
        <translation>Sync failing</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="186" />
        <source>Los cambios se guardan en este equipo; vea la página Sincronización.</source>
        <translation>Changes are kept on this computer; see the Synchronization page.</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="189" />
        <source>Sin sincronizar aún</source>
        <translation>Not synchronized yet</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="191" />
        <source>En línea</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="193" />
        <source>Sin conexión</source>
        <translation>Offline</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/status.py" line="194" />
        <source>Por enviar: %n</source>
        <translation><numerusform>To send: %n</numerusform><numerusform>To send: %n</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="196" />
        <source>Sincronizado: %1</source>
        <translation>Synchronized: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="198" />
        <source>Sincronizado: nunca</source>
        <translation>Synchronized: never</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/status.py" line="200" />
        <source>Conflictos: %n</source>
        <translation><numerusform>Conflicts: %n</numerusform><numerusform>Conflicts: %n</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Cambios por enviar: %n</source>
        <translation type="vanished">
            <numerusform>Changes to send: %n</numerusform>
            <numerusform>Changes to send: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Última sincronización: %1</source>
        <translation type="vanished">Last synchronization: %1</translation>
    </message>
    <message>
        <source>Última sincronización: nunca</source>
        <translation type="vanished">Last synchronization: never</translation>
    </message>
    <message numerus="yes">
        <source>Conflictos por revisar: %n</source>
        <translation type="vanished">
            <numerusform>Conflicts to review: %n</numerusform>
            <numerusform>Conflicts to review: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelinessPage</name>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="215" />
        <location filename="../../app/ui/timeliness_page.py" line="230" />
        <location filename="../../app/ui/timeliness_page.py" line="394" />
        <source>Desde</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="217" />
        <location filename="../../app/ui/timeliness_page.py" line="231" />
        <location filename="../../app/ui/timeliness_page.py" line="395" />
        <source>Hasta</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="222" />
        <location filename="../../app/ui/timeliness_page.py" line="232" />
        <source>Tope de carga</source>
        <translation>Caseload ceiling</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="223" />
        <source>Actualizar</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>Intervalo</source>
        <translation>Interval</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="254" />
        <source>Curva de casos que aún esperan</source>
        <translation>Curve of cases still waiting</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="256" />
        <location filename="../../app/ui/timeliness_page.py" line="309" />
        <source>Materia</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="256" />
        <source>Casos</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>Llegaron</source>
        <translation>Arrived</translation>
    </message>
    <message>
        <source>Mediana (días)</source>
        <translation>Median (days)</translation>
    </message>
    <message>
        <source>Q1 – Q3</source>
        <translation>Q1 – Q3</translation>
    </message>
    <message>
        <source>Mediana hábiles</source>
        <translation>Median (working days)</translation>
    </message>
    <message>
        <source>Mediana</source>
        <translation>Median</translation>
    </message>
    <message>
        <source>Hábiles</source>
        <translation>Working days</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="259" />
        <location filename="../../app/ui/timeliness_page.py" line="296" />
        <source>Tiempos por materia</source>
        <translation>Times by matter</translation>
    </message>
    <message>
        <source>Casos cuyo intervalo empezó en el periodo</source>
        <translation>Cases whose interval began in the period</translation>
    </message>
    <message>
        <source>Casos que ya llegaron al hito; los demás aún esperan</source>
        <translation>Cases that reached the milestone; the others are still waiting</translation>
    </message>
    <message>
        <source>Mediana en días calendario («—»: menos de la mitad llegó)</source>
        <translation type="vanished">Median in calendar days (“—”: fewer than half arrived)</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="119" />
        <location filename="../../app/ui/timeliness_page.py" line="129" />
        <source>no alcanzado</source>
        <translation>not reached</translation>
    </message>
    <message>
        <source>Mediana en días calendario («no alcanzado»: menos de la mitad llegó)</source>
        <translation>Median in calendar days (“not reached”: fewer than half arrived)</translation>
    </message>
    <message>
        <source>Primer y tercer cuartil en días calendario</source>
        <translation>First and third quartile in calendar days</translation>
    </message>
    <message>
        <source>Mediana en días hábiles</source>
        <translation>Median in working days</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="249" />
        <location filename="../../app/ui/timeliness_page.py" line="277" />
        <source>Tramo</source>
        <translation>Interval</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="250" />
        <source>El tramo entre dos hitos del caso cuya duración se mide</source>
        <translation>The stretch between two milestones of a case whose length is measured</translation>
    </message>
    <message>
        <source>Llegaron al final</source>
        <translation type="vanished">Reached the end</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="256" />
        <source>Llegaron
al final</source>
        <translation>Reached
the end</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="257" />
        <source>Mediana
(días)</source>
        <translation>Median
(days)</translation>
    </message>
    <message>
        <source>Mitad central
(días)</source>
        <translation>Middle half
(days)</translation>
    </message>
    <message>
        <source>Mediana
(días hábiles)</source>
        <translation>Median
(working days)</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="262" />
        <source>Casos cuyo tramo empezó en el periodo</source>
        <translation>Cases whose interval began in the period</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="263" />
        <source>Casos que ya llegaron al final del tramo; los demás aún esperan y cuentan el tiempo que llevan esperando</source>
        <translation>Cases that already reached the end of the interval; the others are still waiting and count the time they have waited</translation>
    </message>
    <message>
        <source>La mitad de los casos tardó esto o menos, en días calendario («no alcanzado»: menos de la mitad llegó todavía)</source>
        <translation type="vanished">Half of the cases took this long or less, in calendar days (“not reached”: fewer than half have arrived yet)</translation>
    </message>
    <message>
        <source>Entre estos dos valores está la mitad central de los casos: una cuarta parte tardó menos y una cuarta parte más (cuartiles)</source>
        <translation>The middle half of the cases lies between these two values: a quarter took less and a quarter took more (quartiles)</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="130" />
        <source>%1 o más</source>
        <translation>%1 or more</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="131" />
        <source>%1 a %2</source>
        <translation>%1 to %2</translation>
    </message>
    <message>
        <source>Rango habitual
(días)</source>
        <translation>Usual range
(days)</translation>
    </message>
    <message>
        <source>La mitad central de los casos tardó entre estos dos valores: una cuarta parte tardó menos y una cuarta parte más (cuartiles). «20 o más»: la cuarta parte más lenta aún no llegó al final</source>
        <translation type="vanished">The middle half of the cases took between these two values: a quarter took less and a quarter took more (quartiles). “20 or more”: the slowest quarter has not reached the end yet</translation>
    </message>
    <message>
        <source>La mediana contada en días hábiles: de lunes a viernes, sin feriados ni días no laborables del Poder Judicial</source>
        <translation type="vanished">The median counted in working days: Monday to Friday, without holidays or the Judiciary's non-working days</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="257" />
        <source>Rango
habitual
(días)</source>
        <translation>Usual
range
(days)</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="258" />
        <source>Mediana
(días
hábiles)</source>
        <translation>Median
(working
days)</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="281" />
        <source>Ampliar gráfico</source>
        <translation>Enlarge chart</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="298" />
        <location filename="../../app/ui/timeliness_page.py" line="302" />
        <source>Carga por defensor(a)</source>
        <translation>Caseload per defender</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="300" />
        <location filename="../../app/ui/timeliness_page.py" line="325" />
        <source>Defensor(a)</source>
        <translation>Defender</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="300" />
        <source>Activos al cierre</source>
        <translation>Active at month end</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="300" />
        <source>Máximo</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="301" />
        <source>Meses sobre el tope</source>
        <translation>Months over the ceiling</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="305" />
        <source>Carga procesal</source>
        <translation>Caseload</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="307" />
        <source>Tendencia de consultas</source>
        <translation>Trend of consultations</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="309" />
        <source>Primer mes</source>
        <translation>First month</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="309" />
        <source>Último mes</source>
        <translation>Last month</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="309" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="310" />
        <source>Consultas por materia</source>
        <translation>Consultations by matter</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="316" />
        <source>Solo consultas (orientación), mes a mes por materia; los patrocinios de cada defensor(a) están en «Demanda por defensor(a)».</source>
        <translation>Consultations (advice) only, month by month per matter; each defender's sponsorships are under “Demand per defender”.</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="322" />
        <source>Tendencia</source>
        <translation>Trend</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="323" />
        <source>Atenciones por defensor(a)</source>
        <translation>Attentions per defender</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="325" />
        <source>Consultas</source>
        <translation>Consultations</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="325" />
        <source>Patrocinios</source>
        <translation>Sponsorships</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="326" />
        <source>Consultas y patrocinios por defensor(a)</source>
        <translation>Consultations and sponsorships per defender</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="332" />
        <source>Fichas de atención por tipo de servicio. El caso se abre aparte (puede no abrirse todavía, o tener varias fichas), por eso los patrocinios y los casos pueden no coincidir; los casos están en «Tiempos por materia».</source>
        <translation>Intake forms by type of service. The case is opened separately (it may not be opened yet, or have several forms), so sponsorships and cases may not match; the cases are in “Times by matter”.</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="339" />
        <source>Demanda por defensor(a)</source>
        <translation>Demand per defender</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="341" />
        <source>Institución</source>
        <translation>Institution</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="341" />
        <location filename="../../app/ui/timeliness_page.py" line="347" />
        <source>Derivaciones</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="341" />
        <source>Atendidas</source>
        <translation>Attended</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="342" />
        <source>Derivaciones por institución</source>
        <translation>Referrals by institution</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="352" />
        <source>Tiempos de la justicia</source>
        <translation>How long justice takes</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="358" />
        <source>Los reportes no están instalados en este equipo.</source>
        <translation>Reports are not installed on this computer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="386" />
        <source>(en curso)</source>
        <translation>(in progress)</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="397" />
        <source>escriba la fecha completa (dd/mm/aaaa)</source>
        <translation>type the whole date (dd/mm/yyyy)</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="403" />
        <source>La fecha Hasta es anterior a Desde.</source>
        <translation>The To date is before the From date.</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="408" />
        <source>El periodo no puede pasar de veinte años.</source>
        <translation>The period cannot be longer than twenty years.</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="419" />
        <source>Calculando…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="465" />
        <source>Periodo del %1 al %2. Tope de carga: %3 casos activos.</source>
        <translation>Period from %1 to %2. Caseload ceiling: %3 active cases.</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="473" />
        <source>Sobre el tope: %1.</source>
        <translation>Over the ceiling: %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="523" />
        <source>Casos atendidos entre el %1 y el %2, seguidos hasta la presentación de la demanda (casos: %3).</source>
        <translation>Cases attended between %1 and %2, followed until the claim was filed (cases: %3).</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="525" />
        <source>Casos con demanda presentada entre el %1 y el %2, seguidos hasta la primera audiencia (casos: %3).</source>
        <translation>Cases whose claim was filed between %1 and %2, followed until the first hearing (cases: %3).</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="528" />
        <source>Casos con demanda presentada entre el %1 y el %2, seguidos hasta la sentencia (casos: %3).</source>
        <translation>Cases whose claim was filed between %1 and %2, followed until the judgment (cases: %3).</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="530" />
        <source>Casos atendidos entre el %1 y el %2, seguidos hasta su cierre (casos: %3). Cerrados en el periodo, como los cuenta el informe mensual: %4.</source>
        <translation>Cases attended between %1 and %2, followed until they closed (cases: %3). Closed in the period, as the monthly report counts them: %4.</translation>
    </message>
    <message>
        <source>Sigue a los casos atendidos en el periodo hasta su cierre. Casos cerrados en el periodo, como los cuenta el informe mensual mes a mes: %1.</source>
        <translation>Follows the cases attended in the period until they closed. Cases closed in the period, as the monthly report counts them month by month: %1.</translation>
    </message>
    <message>
        <source>Casos cuyo tramo empezó en el periodo.</source>
        <translation>Cases whose interval started in the period.</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="583" />
        <source>Todavía no llegó al final del tramo la parte de los casos que esta cifra necesita (la mitad, para la mediana): se sabrá cuando lleguen más</source>
        <translation>Not enough cases have reached the end of the interval for this figure yet (half, for the median): it will be known when more arrive</translation>
    </message>
    <message>
        <source>Casos cuyo intervalo empezó en el periodo.</source>
        <translation>Cases whose interval started in the period.</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeliness_page.py" line="575" />
        <source>Todas</source>
        <translation>All</translation>
    </message>
</context>
<context>
    <name>UnlockScreen</name>
    <message>
        <location filename="../../app/ui/unlock.py" line="58" />
        <source>Chasqui — Expediente de defensa pública</source>
        <translation>Chasqui — Public defence case file</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="70" />
        <location filename="../../app/ui/unlock.py" line="97" />
        <location filename="../../app/ui/unlock.py" line="115" />
        <location filename="../../app/ui/unlock.py" line="130" />
        <source>Usuario</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="71" />
        <location filename="../../app/ui/unlock.py" line="98" />
        <source>Contraseña</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="74" />
        <source>Mensaje</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="75" />
        <location filename="../../app/ui/unlock.py" line="77" />
        <source>Entrar</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="80" />
        <source>¿Olvidó su contraseña? Usar clave de recuperación</source>
        <translation>Forgot your passphrase? Use the recovery key</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="84" />
        <source>Usar clave de recuperación</source>
        <translation>Use the recovery key</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="92" />
        <source>Demostración (datos ficticios): usuario «%1», contraseña «%2».</source>
        <translation>Demo (made-up data): user “%1”, passphrase “%2”.</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="109" />
        <source>Escriba la clave de recuperación que anotó al crear el archivo de datos y elija una contraseña nueva.</source>
        <translation>Enter the recovery key you wrote down when the data file was created and choose a new passphrase.</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="117" />
        <location filename="../../app/ui/unlock.py" line="131" />
        <source>Clave de recuperación</source>
        <translation>Recovery key</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="118" />
        <location filename="../../app/ui/unlock.py" line="132" />
        <source>Contraseña nueva</source>
        <translation>New passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="119" />
        <source>Repita la contraseña nueva</source>
        <translation>Repeat the new passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="123" />
        <location filename="../../app/ui/unlock.py" line="124" />
        <source>Recuperar acceso</source>
        <translation>Recover access</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="126" />
        <location filename="../../app/ui/unlock.py" line="127" />
        <source>Volver</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="133" />
        <source>Repita la contraseña</source>
        <translation>Repeat the passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="189" />
        <source>Elija su usuario y escriba su contraseña.</source>
        <translation>Choose your user and enter your passphrase.</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="192" />
        <source>Abriendo…</source>
        <translation>Opening…</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="204" />
        <source>Elija su usuario y escriba la clave de recuperación.</source>
        <translation>Choose your user and enter the recovery key.</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="209" />
        <source>Comprobando la clave…</source>
        <translation>Checking the key…</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlock.py" line="235" />
        <source>La clave de recuperación no es válida.</source>
        <translation>The recovery key is not valid.</translation>
    </message>
</context>
<context>
    <name>ViewMenu</name>
    <message>
        <location filename="../../app/ui/menus.py" line="67" />
        <source>&amp;Ver</source>
        <translation>&amp;View</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../../app/ui/workspace.py" line="148" />
        <source>Navegación</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace.py" line="281" />
        <source>PDF guardado</source>
        <translation>PDF saved</translation>
    </message>
    <message>
        <source>PDF guardado: %1</source>
        <translation type="vanished">PDF saved: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus.py" line="35" />
        <location filename="../../app/ui/workspace.py" line="150" />
        <source>Inicio</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus.py" line="36" />
        <location filename="../../app/ui/workspace.py" line="151" />
        <source>Personas</source>
        <translation>People</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus.py" line="37" />
        <location filename="../../app/ui/workspace.py" line="152" />
        <source>Casos</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus.py" line="38" />
        <location filename="../../app/ui/workspace.py" line="153" />
        <source>Agenda</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus.py" line="39" />
        <location filename="../../app/ui/workspace.py" line="154" />
        <source>Sincronización</source>
        <translation>Synchronization</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus.py" line="40" />
        <location filename="../../app/ui/workspace.py" line="155" />
        <source>Reportes</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus.py" line="41" />
        <location filename="../../app/ui/workspace.py" line="156" />
        <source>Tiempos</source>
        <translation>Times</translation>
    </message>
    <message>
        <source>Esta persona no tiene casos; registre una nueva atención (Ctrl+N).</source>
        <translation>This person has no cases; record a new intake (Ctrl+N).</translation>
    </message>
    <message>
        <source>Casos de la persona</source>
        <translation>The person's cases</translation>
    </message>
    <message>
        <source>Elija el caso:</source>
        <translation>Choose the case:</translation>
    </message>
</context>
<context>
    <name>_Aside</name>
    <message numerus="yes">
        <location filename="../../app/ui/home.py" line="81" />
        <source>%n reprogramada(s) a otra fecha</source>
        <translation><numerusform>%n rescheduled to another date</numerusform><numerusform>%n rescheduled to another date</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/home.py" line="82" />
        <source>%n cancelada(s)</source>
        <translation><numerusform>%n cancelled</numerusform><numerusform>%n cancelled</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="84" />
        <source>%1 y %2</source>
        <translation>%1 and %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="85" />
        <source> — además, %1</source>
        <translation> — also %1</translation>
    </message>
</context>
<context>
    <name>_Counts</name>
    <message numerus="yes">
        <location filename="../../app/ui/sync_adapter.py" line="81" />
        <source>%n enviado(s)</source>
        <translation><numerusform>%n sent</numerusform><numerusform>%n sent</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/sync_adapter.py" line="82" />
        <source>%n recibido(s)</source>
        <translation><numerusform>%n received</numerusform><numerusform>%n received</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/sync_adapter.py" line="83" />
        <source>%n conflicto(s)</source>
        <translation><numerusform>%n conflict</numerusform><numerusform>%n conflicts</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/sync_adapter.py" line="86" />
        <source>%n en cuarentena</source>
        <translation><numerusform>%n in quarantine</numerusform><numerusform>%n in quarantine</numerusform></translation>
    </message>
</context>
<context>
    <name>_DatedDialog</name>
    <message>
        <location filename="../../app/ui/hearing_dialogs.py" line="240" />
        <source>Escriba la fecha y la hora.</source>
        <translation>Type the date and time.</translation>
    </message>
</context>
<context>
    <name>_Form</name>
    <message>
        <location filename="../../app/ui/referral_panel.py" line="64" />
        <source>Guardar</source>
        <translation>Save</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../app/ui/app.py" line="170" />
        <source>Creando datos de demostración (una sola vez)…
Tarda alrededor de un minuto; Chasqui se abre después.</source>
        <translation>Creating the demo data (only once)…
It takes about a minute; Chasqui opens afterwards.</translation>
    </message>
</context>
<context>
    <name>backend</name>
    <message>
        <source>Persona</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Caso</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Nota</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Audiencia</source>
        <translation>Hearing</translation>
    </message>
    <message>
        <source>Ficha</source>
        <translation>Intake</translation>
    </message>
    <message>
        <source>Parte</source>
        <translation>Party</translation>
    </message>
    <message>
        <source>Adjunto</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <source>creó</source>
        <translation>created</translation>
    </message>
    <message>
        <source>modificó</source>
        <translation>changed</translation>
    </message>
    <message>
        <source>eliminó</source>
        <translation>deleted</translation>
    </message>
    <message>
        <source>resolvió un conflicto en</source>
        <translation>resolved a conflict in</translation>
    </message>
    <message>
        <source>decidió sobre duplicados de</source>
        <translation>decided on duplicates of</translation>
    </message>
    <message>
        <source>revisó una coincidencia con</source>
        <translation>reviewed a match with</translation>
    </message>
    <message>
        <location filename="../../app/ui/backend.py" line="172" />
        <source>Persona sin nombre</source>
        <translation>Person without a name</translation>
    </message>
    <message>
        <location filename="../../app/ui/backend.py" line="173" />
        <source>detenida por conflicto de intereses</source>
        <translation>stopped for a conflict of interest</translation>
    </message>
    <message>
        <location filename="../../app/ui/backend.py" line="553" />
        <source>%1 como otra parte</source>
        <translation>%1 as another party</translation>
    </message>
    <message>
        <source>(versión %1)</source>
        <translation>(version %1)</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../../app/ui/deadlines.py" line="400" />
        <source>Plazos registrados: %1.</source>
        <translation>Deadlines recorded: %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines.py" line="402" />
        <source>Hito registrado: %1.</source>
        <translation>Milestone recorded: %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/drafting_dialog.py" line="172" />
        <source>Escrito guardado sin cifrar en %1.</source>
        <translation>Writ saved, not encrypted, in %1.</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../app/ui/errors.py" line="85" />
        <source>Contraseña incorrecta. Inténtelo de nuevo.</source>
        <translation>Wrong passphrase. Try again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="88" />
        <source>No se encontró el archivo de datos en esta computadora.</source>
        <translation>No data file was found on this computer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="91" />
        <source>Ya existe un archivo de datos en esta carpeta.</source>
        <translation>There is already a data file in this folder.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="28" />
        <source>El archivo de datos está dañado. Avise a soporte; no lo borre.</source>
        <translation>The data file is damaged. Tell support; do not delete it.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="56" />
        <source>No se pudo completar la acción. Sus datos guardados no se perdieron.</source>
        <translation>The action could not be completed. Your saved data were not lost.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="59" />
        <source>El equipo o la red no permitieron completar la acción. No se perdió nada.</source>
        <translation>The computer or the network did not let the action finish. Nothing was lost.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="62" />
        <source>No se pudo leer o escribir en el disco. No se perdió nada; inténtelo de nuevo.</source>
        <translation>The disk could not be read or written. Nothing was lost; try again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="66" />
        <source>El disco está lleno. Libere espacio y vuelva a intentarlo; no se perdió nada.</source>
        <translation>The disk is full. Free some space and try again; nothing was lost.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="70" />
        <source>No se puede escribir en esa carpeta o disco (solo lectura o sin permiso).</source>
        <translation>That folder or disk cannot be written (read-only or no permission).</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="73" />
        <source>Otro programa está usando el archivo. Ciérrelo y vuelva a intentarlo.</source>
        <translation>Another program is using the file. Close it and try again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="78" />
        <source>El servidor está ocupado. Se volverá a intentar; sus cambios están a salvo.</source>
        <translation>The server is busy. It will be tried again; your changes are safe.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="82" />
        <source>No se pudo usar el archivo de datos. Sus datos guardados no se perdieron.</source>
        <translation>The data file could not be used. Your saved data were not lost.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="96" />
        <source>Estos datos fueron creados por una versión más nueva. Actualice Chasqui.</source>
        <translation>These data were created by a newer version. Update Chasqui.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="99" />
        <source>La sesión está bloqueada. Vuelva a ingresar su contraseña.</source>
        <translation>The session is locked. Enter your passphrase again.</translation>
    </message>
    <message>
        <source>No se pudo guardar: el disco está lleno, protegido o en uso.</source>
        <translation>Could not save: the disk is full, write-protected or in use.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="106" />
        <source>Una nota firmada no se puede modificar; registre una corrección.</source>
        <translation>A signed note cannot be changed; record a correction.</translation>
    </message>
    <message>
        <source>Revise los datos: %1</source>
        <translation>Check the data: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="34" />
        <source>Datos no válidos.</source>
        <translation>Invalid data.</translation>
    </message>
    <message>
        <source>La contraseña debe tener al menos 10 caracteres.</source>
        <translation type="vanished">The passphrase must have at least 10 characters.</translation>
    </message>
    <message>
        <source>La contraseña es demasiado débil: use al menos 8 caracteres y varias palabras poco comunes.</source>
        <translation>The passphrase is too weak: use at least 8 characters and several uncommon words.</translation>
    </message>
    <message>
        <source>Datos no válidos en el campo «%1».</source>
        <translation>Invalid data in the field “%1”.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="103" />
        <location filename="../../app/ui/errors.py" line="120" />
        <source>El registro ya no existe; quizá fue eliminado en otro equipo.</source>
        <translation>The record no longer exists; it may have been deleted on another computer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="116" />
        <source>La acción no cumple las reglas del expediente.</source>
        <translation>The action does not follow the case file's rules.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="123" />
        <source>Esa acción no es posible en el estado actual del registro.</source>
        <translation>That action is not possible in the record's current state.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="127" />
        <source>No se pudo preparar el documento.</source>
        <translation>The document could not be prepared.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="128" />
        <source>No se puede preparar ese documento: revise el registro, las fechas o el archivo.</source>
        <translation>That document cannot be prepared: check the record, the dates or the file.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="132" />
        <source>Faltan las fuentes tipográficas de Chasqui. Reinstale el programa.</source>
        <translation>Chasqui's fonts are missing. Reinstall the program.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="136" />
        <source>La sincronización no se pudo completar.</source>
        <translation>The synchronization could not be completed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="137" />
        <source>El servidor respondió algo que Chasqui no entiende. Sus datos quedan guardados en este equipo; avise a soporte si se repite.</source>
        <translation>The server answered something Chasqui does not understand. Your data stay saved on this computer; tell support if it happens again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="142" />
        <source>El servidor rechazó la solicitud.</source>
        <translation>The server refused the request.</translation>
    </message>
    <message>
        <source>El servidor no reconoce este equipo. Vuelva a vincularlo.</source>
        <translation type="vanished">The server does not know this computer. Link it again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="151" />
        <source>El administrador retiró este equipo. Avise a su supervisor.</source>
        <translation>The administrator revoked this computer. Tell your supervisor.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="157" />
        <source>El envío es demasiado grande para el servidor; se enviará por partes.</source>
        <translation>The upload is too large for the server; it will be sent in parts.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="160" />
        <source>El código de enrolamiento no es válido, ya se usó o venció.</source>
        <translation>The enrollment code is not valid, already used or expired.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="168" />
        <source>Este equipo no está vinculado con un servidor.</source>
        <translation>This computer is not linked to a server.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="171" />
        <source>Este equipo ya está vinculado con un servidor.</source>
        <translation>This computer is already linked to a server.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="154" />
        <source>El servidor pide una versión más nueva de Chasqui. Sus datos se conservan.</source>
        <translation>The server requires a newer Chasqui. Your data are kept.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="112" />
        <source>La copia de seguridad está dañada o incompleta; no se usó.</source>
        <translation>The backup is damaged or incomplete; it was not used.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="109" />
        <source>No se pudo hacer la copia de seguridad en esa carpeta.</source>
        <translation>The backup could not be made in that folder.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="163" />
        <source>La dirección del servidor debe empezar con https://. Sin cifrado, cualquiera en la red podría leer la clave del equipo y falsificar respuestas.</source>
        <translation>The server address must start with https://. Without encryption, anyone on the network could read this computer's key and forge answers.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="174" />
        <source>El paquete USB no corresponde a este equipo o está dañado.</source>
        <translation>The USB bundle is not for this computer or is damaged.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="31" />
        <source>Sin conexión con el servidor. Los cambios quedan guardados en este equipo.</source>
        <translation>No connection to the server. Changes stay saved on this computer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="145" />
        <source>El servidor no reconoce este equipo. Sus cambios siguen guardados aquí (no desinstale Chasqui). Avise al administrador de Chasqui para que revise este equipo en el servidor.</source>
        <translation>The server does not recognize this computer. Your changes are still kept here (do not uninstall Chasqui). Tell the Chasqui administrator to check this computer on the server.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="177" />
        <source>Sincronización cancelada.</source>
        <translation>Synchronization cancelled.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="178" />
        <source>La orden no se pudo completar.</source>
        <translation>The command could not be completed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="180" />
        <source>La ficha tiene un error de definición.</source>
        <translation>The form has a definition error.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="183" />
        <source>La ficha tiene una fórmula mal escrita.</source>
        <translation>The form has a badly written formula.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="184" />
        <source>La ficha no pudo calcular una regla.</source>
        <translation>The form could not evaluate a rule.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="185" />
        <source>El número de expediente no es válido.</source>
        <translation>The court file number is not valid.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="186" />
        <source>No tiene permiso para abrir ese archivo.</source>
        <translation>You are not allowed to open that file.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="187" />
        <source>No se encontró el archivo.</source>
        <translation>The file was not found.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="25" />
        <source>Ocurrió un error inesperado. Sus datos guardados no se perdieron.</source>
        <translation>An unexpected error occurred. Your saved data were not lost.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="190" />
        <source>No se pudo leer o escribir el archivo.</source>
        <translation>The file could not be read or written.</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="262" />
        <source>Chasqui</source>
        <translation>Chasqui</translation>
    </message>
</context>
<context>
    <name>files</name>
    <message>
        <location filename="../../app/ui/files.py" line="146" />
        <source>Buscar en:</source>
        <translation>Look in:</translation>
    </message>
    <message>
        <location filename="../../app/ui/files.py" line="147" />
        <source>Tipo de archivo:</source>
        <translation>Files of type:</translation>
    </message>
    <message>
        <location filename="../../app/ui/files.py" line="149" />
        <source>Carpeta:</source>
        <translation>Folder:</translation>
    </message>
    <message>
        <location filename="../../app/ui/files.py" line="151" />
        <source>Nombre del archivo:</source>
        <translation>File name:</translation>
    </message>
    <message>
        <location filename="../../app/ui/files.py" line="153" />
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/files.py" line="156" />
        <source>Guardar</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/files.py" line="158" />
        <source>Abrir</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../app/ui/files.py" line="321" />
        <source>%1: %2, en %3</source>
        <translation>%1: %2, in %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/files.py" line="336" />
        <source>Adjuntado al caso (copia cifrada): %1, de %2</source>
        <translation>Attached to the case (encrypted copy): %1, from %2</translation>
    </message>
</context>
<context>
    <name>home</name>
    <message>
        <location filename="../../app/ui/home.py" line="58" />
        <source>para el %1</source>
        <translation>to %1</translation>
    </message>
    <message>
        <source>%1 y %2</source>
        <translation>%1 and %2</translation>
    </message>
    <message>
        <source> — además, %1</source>
        <translation> — also %1</translation>
    </message>
</context>
<context>
    <name>record_page</name>
    <message>
        <location filename="../../app/ui/record_page.py" line="50" />
        <source>← Volver</source>
        <translation>← Back</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="51" />
        <source>Volver</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="68" />
        <source>Mensaje</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>reports</name>
    <message>
        <location filename="../../app/ui/wiring.py" line="63" />
        <source>Agenda de audiencias y plazos (próximos 30 días)</source>
        <translation>Agenda of hearings and deadlines (next 30 days)</translation>
    </message>
    <message>
        <location filename="../../app/ui/wiring.py" line="69" />
        <source>Estadística mensual (mes en curso)</source>
        <translation>Monthly statistics (current month)</translation>
    </message>
    <message>
        <location filename="../../app/ui/wiring.py" line="73" />
        <source>Estadística mensual (mes anterior)</source>
        <translation>Monthly statistics (previous month)</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <location filename="../../app/ui/sync_adapter.py" line="31" />
        <source>Sincronización completa.</source>
        <translation>Synchronization complete.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_adapter.py" line="32" />
        <source>Sin conexión con el servidor. Los cambios quedan guardados en este equipo.</source>
        <translation>No connection to the server. Changes stay saved on this computer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_adapter.py" line="35" />
        <source>Sincronización cancelada.</source>
        <translation>Synchronization cancelled.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_adapter.py" line="40" />
        <source>Este es el paquete que este equipo preparó para el servidor: llévelo a la oficina. Aquí se importa la respuesta que el servidor entrega (otro archivo).</source>
        <translation>This is the package this computer prepared for the server: take it to the office. What is imported here is the answer the server gives (another file).</translation>
    </message>
    <message>
        <source>El servidor pide una versión más nueva de Chasqui. Sus datos se conservan.</source>
        <translation>The server requires a newer Chasqui. Your data are kept.</translation>
    </message>
    <message>
        <source>El administrador retiró este equipo. Avise a su supervisor.</source>
        <translation>The administrator revoked this computer. Tell your supervisor.</translation>
    </message>
    <message>
        <source>El servidor no reconoce este equipo. Vuelva a vincularlo.</source>
        <translation type="vanished">The server does not know this computer. Link it again.</translation>
    </message>
    <message>
        <source>Este equipo no está vinculado con un servidor.</source>
        <translation>This computer is not linked to a server.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_adapter.py" line="36" />
        <source>No se pudo escribir en este equipo (¿disco lleno?). No se perdió nada.</source>
        <translation>Could not write on this computer (disk full?). Nothing was lost.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_adapter.py" line="39" />
        <source>El servidor rechazó la sincronización.</source>
        <translation>The server refused the synchronization.</translation>
    </message>
    <message>
        <source>%1 enviados, %2 recibidos, %3 conflictos, %4 en cuarentena</source>
        <translation>%1 sent, %2 received, %3 conflicts, %4 quarantined</translation>
    </message>
</context>
<context>
    <name>widgets</name>
    <message>
        <source>Muy corta: use al menos 10 caracteres.</source>
        <translation type="vanished">Too short: use at least 10 characters.</translation>
    </message>
    <message>
        <source>Fuerte.</source>
        <translation type="vanished">Strong.</translation>
    </message>
    <message>
        <source>Aceptable. Una frase más larga es más segura.</source>
        <translation type="vanished">Acceptable. A longer phrase is safer.</translation>
    </message>
    <message>
        <source>Débil: mezcle palabras, números o signos.</source>
        <translation type="vanished">Weak: mix words, digits or symbols.</translation>
    </message>
    <message>
        <source>La contraseña debe tener al menos 10 caracteres.</source>
        <translation type="vanished">The passphrase must have at least 10 characters.</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="62" />
        <source>Muy débil</source>
        <translation>Very weak</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="63" />
        <source>Débil</source>
        <translation>Weak</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="64" />
        <source>Regular</source>
        <translation>Fair</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="65" />
        <source>Aceptable</source>
        <translation>Acceptable</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="66" />
        <source>Fuerte</source>
        <translation>Strong</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="69" />
        <source>Es una de las contraseñas más usadas.</source>
        <translation>It is one of the most used passwords.</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="70" />
        <source>Una sola palabra es fácil de adivinar.</source>
        <translation>A single word is easy to guess.</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="71" />
        <source>Nombres, apellidos y lugares se adivinan pronto.</source>
        <translation>Names, surnames and places are guessed quickly.</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="72" />
        <source>Las repeticiones (aaa, abcabc) se adivinan pronto.</source>
        <translation>Repeats (aaa, abcabc) are guessed quickly.</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="73" />
        <source>Las secuencias (abc, 6543) se adivinan pronto.</source>
        <translation>Sequences (abc, 6543) are guessed quickly.</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="74" />
        <source>Las filas del teclado se adivinan pronto.</source>
        <translation>Keyboard rows are guessed quickly.</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="75" />
        <source>Los años recientes se adivinan pronto.</source>
        <translation>Recent years are guessed quickly.</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="76" />
        <source>Las fechas se adivinan pronto.</source>
        <translation>Dates are guessed quickly.</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="77" />
        <source>Agregue más palabras poco comunes.</source>
        <translation>Add more uncommon words.</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="91" />
        <source>Muy corta: use al menos 8 caracteres.</source>
        <translation>Too short: use at least 8 characters.</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="106" />
        <source>La contraseña debe tener al menos 8 caracteres.</source>
        <translation>The passphrase must have at least 8 characters.</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="110" />
        <source>La contraseña es fácil de adivinar: use varias palabras poco comunes (no nombres, lugares, fechas ni secuencias).</source>
        <translation>The passphrase is easy to guess: use several uncommon words (no names, places, dates or sequences).</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="116" />
        <source>Las contraseñas no coinciden.</source>
        <translation>The passphrases do not match.</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="410" />
        <source>%1 de %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="427" />
        <source>día no hábil</source>
        <translation>non-working day</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="444" />
        <source>hora inusual</source>
        <translation>unusual hour</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="466" />
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Abierto</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Cerrado</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Archivado</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>Programada</source>
        <translation>Scheduled</translation>
    </message>
    <message>
        <source>Realizada</source>
        <translation>Held</translation>
    </message>
    <message>
        <source>Frustrada</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Reprogramada</source>
        <translation>Rescheduled</translation>
    </message>
    <message>
        <source>Audiencia</source>
        <translation>Hearing</translation>
    </message>
    <message>
        <source>Plazo</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Beneficiario/a</source>
        <translation>Beneficiary</translation>
    </message>
    <message>
        <source>Contraparte</source>
        <translation>Counterparty</translation>
    </message>
    <message>
        <source>Otro</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Borrador</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Alimentos</source>
        <translation>Child support</translation>
    </message>
    <message>
        <source>Filiación</source>
        <translation>Paternity</translation>
    </message>
    <message>
        <source>Tenencia</source>
        <translation>Custody</translation>
    </message>
    <message>
        <source>Violencia</source>
        <translation>Violence</translation>
    </message>
    <message>
        <source>Laboral</source>
        <translation>Labour</translation>
    </message>
    <message>
        <source>Penal</source>
        <translation>Criminal</translation>
    </message>
    <message>
        <source>Asistencia a víctimas</source>
        <translation>Victim assistance</translation>
    </message>
    <message>
        <source>Conciliación</source>
        <translation>Conciliation</translation>
    </message>
    <message>
        <source>Civil</source>
        <translation>Civil</translation>
    </message>
    <message>
        <source>Consulta</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <source>Patrocinio</source>
        <translation>Sponsorship</translation>
    </message>
    <message>
        <source>Derivación</source>
        <translation>Referral</translation>
    </message>
    <message>
        <source>Audiencia única</source>
        <translation>Single hearing</translation>
    </message>
    <message>
        <source>Lectura de sentencia</source>
        <translation>Reading of judgment</translation>
    </message>
    <message>
        <source>Medidas de protección</source>
        <translation>Protection measures</translation>
    </message>
    <message>
        <source>Declaración de la víctima</source>
        <translation>Victim's statement</translation>
    </message>
    <message>
        <source>Juicio oral</source>
        <translation>Trial</translation>
    </message>
    <message>
        <source>Prisión preventiva</source>
        <translation>Pre-trial detention</translation>
    </message>
    <message>
        <source>Control de acusación</source>
        <translation>Indictment review</translation>
    </message>
    <message>
        <source>Juzgamiento</source>
        <translation>Judgment hearing</translation>
    </message>
    <message>
        <source>Prueba de ADN</source>
        <translation>DNA test</translation>
    </message>
    <message>
        <source>Evaluación psicológica</source>
        <translation>Psychological assessment</translation>
    </message>
    <message>
        <source>Contestar demanda</source>
        <translation>Answer the claim</translation>
    </message>
    <message>
        <source>Apelación</source>
        <translation>Appeal</translation>
    </message>
    <message>
        <source>Subsanar observación</source>
        <translation>Cure a defect</translation>
    </message>
    <message>
        <source>Alegatos</source>
        <translation>Closing arguments</translation>
    </message>
    <message>
        <source>Registrada</source>
        <translation>Recorded</translation>
    </message>
</context>
</TS>