<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="es">
  <context>
    <name>AgendaPage</name>
    <message numerus="yes">
      <location filename="../../app/ui/agenda.py" line="353" />
      <source>⚠ %n audiencia(s) o plazo(s) en día no hábil (sábado, domingo o feriado): revise la fecha; el siguiente día hábil aparece al pasar el cursor.</source>
      <translation>
        <numerusform>⚠ %n audiencia o plazo en día no hábil (sábado, domingo o feriado): revise la fecha; el siguiente día hábil aparece al pasar el cursor.</numerusform>
        <numerusform>⚠ %n audiencias o plazos en día no hábil (sábado, domingo o feriado): revise las fechas; el siguiente día hábil aparece al pasar el cursor.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/agenda.py" line="361" />
      <source>⚠ %n audiencia(s) a una hora inusual: revise la hora.</source>
      <translation>
        <numerusform>⚠ %n audiencia a una hora inusual: revise la hora.</numerusform>
        <numerusform>⚠ %n audiencias a una hora inusual: revise las horas.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>BackupReminder</name>
    <message numerus="yes">
      <location filename="../../app/ui/backups.py" line="347" />
      <source>Aún no ha hecho una copia de seguridad y hay %n cambio(s) que no está(n) en el servidor. Guarde una copia en una memoria USB.</source>
      <translation>
        <numerusform>Aún no ha hecho una copia de seguridad y hay %n cambio que no está en el servidor. Guarde una copia en una memoria USB.</numerusform>
        <numerusform>Aún no ha hecho una copia de seguridad y hay %n cambios que no están en el servidor. Guarde una copia en una memoria USB.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/backups.py" line="359" />
      <source>Su última copia de seguridad, del %2, tiene más de %1 y hay %n cambio(s) que no está(n) en el servidor. Guarde una copia en una memoria USB.</source>
      <translation>
        <numerusform>Su última copia de seguridad, del %2, tiene más de %1 y hay %n cambio que no está en el servidor. Guarde una copia en una memoria USB.</numerusform>
        <numerusform>Su última copia de seguridad, del %2, tiene más de %1 y hay %n cambios que no están en el servidor. Guarde una copia en una memoria USB.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/backups.py" line="364" />
      <location filename="../../app/ui/backups.py" line="373" />
      <source>%n día(s)</source>
      <translation>
        <numerusform>%n día</numerusform>
        <numerusform>%n días</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>CaseView</name>
    <message numerus="yes">
      <location filename="../../app/ui/case_view.py" line="545" />
      <source>Se cancelaron %n audiencia(s) o plazo(s) pendiente(s).</source>
      <translation>
        <numerusform>Se canceló %n audiencia o plazo pendiente.</numerusform>
        <numerusform>Se cancelaron %n audiencias o plazos pendientes.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/case_view.py" line="548" />
      <source>Queda(n) %n audiencia(s) o plazo(s) pendiente(s).</source>
      <translation>
        <numerusform>Queda %n audiencia o plazo pendiente.</numerusform>
        <numerusform>Quedan %n audiencias o plazos pendientes.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/case_view.py" line="579" />
      <source>Se restauraron %n audiencia(s) o plazo(s).</source>
      <translation>
        <numerusform>Se restauró %n audiencia o plazo.</numerusform>
        <numerusform>Se restauraron %n audiencias o plazos.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/case_view.py" line="581" />
      <source>Siguen canceladas %n audiencia(s) o plazo(s).</source>
      <translation>
        <numerusform>Sigue cancelada %n audiencia o plazo.</numerusform>
        <numerusform>Siguen canceladas %n audiencias o plazos.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>CloseCaseDialog</name>
    <message numerus="yes">
      <location filename="../../app/ui/case_edit.py" line="409" />
      <source>Cancelar con el caso %n audiencia(s) o plazo(s) pendiente(s):</source>
      <translation>
        <numerusform>Cancelar con el caso %n audiencia o plazo pendiente:</numerusform>
        <numerusform>Cancelar con el caso las %n audiencias y plazos pendientes:</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>DueSoonBanner</name>
    <message numerus="yes">
      <location filename="../../app/ui/due_soon.py" line="58" />
      <source>quedan %n día(s) hábil(es)</source>
      <translation>
        <numerusform>queda %n día hábil</numerusform>
        <numerusform>quedan %n días hábiles</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/due_soon.py" line="68" />
      <source>Atención: %n plazo(s) vence(n) en los próximos %1 días hábiles</source>
      <translation>
        <numerusform>Atención: %n plazo vence en los próximos %1 días hábiles</numerusform>
        <numerusform>Atención: %n plazos vencen en los próximos %1 días hábiles</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>HomePage</name>
    <message numerus="yes">
      <location filename="../../app/ui/home.py" line="274" />
      <source>%n plazo(s)</source>
      <translation>
        <numerusform>%n plazo</numerusform>
        <numerusform>%n plazos</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/home.py" line="275" />
      <source>%n audiencia(s)</source>
      <translation>
        <numerusform>%n audiencia</numerusform>
        <numerusform>%n audiencias</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/home.py" line="278" />
      <source>%1, de %n caso(s).</source>
      <translation>
        <numerusform>%1, de %n caso.</numerusform>
        <numerusform>%1, de %n casos.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message numerus="yes">
      <location filename="../../app/ui/main_window.py" line="531" />
      <source>%n cambio(s) solo está(n) en esta laptop: el servidor aún no los tiene. %1 Sincronice (F5) o haga una copia de seguridad antes de salir. ¿Salir de todos modos?</source>
      <translation>
        <numerusform>%n cambio solo está en esta laptop: el servidor aún no lo tiene. %1 Sincronice (F5) o haga una copia de seguridad antes de salir. ¿Salir de todos modos?</numerusform>
        <numerusform>%n cambios solo están en esta laptop: el servidor aún no los tiene. %1 Sincronice (F5) o haga una copia de seguridad antes de salir. ¿Salir de todos modos?</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>ReopenDialog</name>
    <message numerus="yes">
      <location filename="../../app/ui/case_edit.py" line="464" />
      <source>Restaurar %n audiencia(s) o plazo(s) que el cierre canceló:</source>
      <translation>
        <numerusform>Restaurar %n audiencia o plazo que el cierre canceló:</numerusform>
        <numerusform>Restaurar las %n audiencias y plazos que el cierre canceló:</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>SyncPage</name>
    <message numerus="yes">
      <location filename="../../app/ui/sync_page.py" line="241" />
      <source>Conflictos (%n)</source>
      <translation>
        <numerusform>Conflictos (%n)</numerusform>
        <numerusform>Conflictos (%n)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/sync_page.py" line="243" />
      <source>Cuarentena (%n)</source>
      <translation>
        <numerusform>Cuarentena (%n)</numerusform>
        <numerusform>Cuarentena (%n)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/sync_page.py" line="245" />
      <source>Recibidos apartados (%n)</source>
      <translation>
        <numerusform>Recibidos apartados (%n)</numerusform>
        <numerusform>Recibidos apartados (%n)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/sync_page.py" line="423" />
      <source>Paquete guardado en %1 con %n cambio(s). Llévelo al servidor de la oficina e importe aquí la respuesta.</source>
      <translation>
        <numerusform>Paquete guardado en %1 con %n cambio. Llévelo al servidor de la oficina e importe aquí la respuesta.</numerusform>
        <numerusform>Paquete guardado en %1 con %n cambios. Llévelo al servidor de la oficina e importe aquí la respuesta.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>SyncStatusBar</name>
    <message numerus="yes">
      <location filename="../../app/ui/status.py" line="165" />
      <source>Por enviar: %n</source>
      <translation>
        <numerusform>Por enviar: %n</numerusform>
        <numerusform>Por enviar: %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/status.py" line="171" />
      <source>Conflictos: %n</source>
      <translation>
        <numerusform>Conflictos: %n</numerusform>
        <numerusform>Conflictos: %n</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>_Aside</name>
    <message numerus="yes">
      <location filename="../../app/ui/home.py" line="81" />
      <source>%n reprogramada(s) a otra fecha</source>
      <translation>
        <numerusform>%n reprogramada a otra fecha</numerusform>
        <numerusform>%n reprogramadas a otra fecha</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/home.py" line="82" />
      <source>%n cancelada(s)</source>
      <translation>
        <numerusform>%n cancelada</numerusform>
        <numerusform>%n canceladas</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>_Counts</name>
    <message numerus="yes">
      <location filename="../../app/ui/sync_adapter.py" line="81" />
      <source>%n enviado(s)</source>
      <translation>
        <numerusform>%n enviado</numerusform>
        <numerusform>%n enviados</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/sync_adapter.py" line="82" />
      <source>%n recibido(s)</source>
      <translation>
        <numerusform>%n recibido</numerusform>
        <numerusform>%n recibidos</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/sync_adapter.py" line="83" />
      <source>%n conflicto(s)</source>
      <translation>
        <numerusform>%n conflicto</numerusform>
        <numerusform>%n conflictos</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../app/ui/sync_adapter.py" line="86" />
      <source>%n en cuarentena</source>
      <translation>
        <numerusform>%n en cuarentena</numerusform>
        <numerusform>%n en cuarentena</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>QShortcut</name>
    <message>
      <source>Ctrl</source>
      <translation>Ctrl</translation>
    </message>
  </context>
  <context>
    <name>QFileDialog</name>
    <message>
      <source>All Files (*)</source>
      <translation>Todos los archivos (*)</translation>
    </message>
    <message>
      <source>File &amp;name:</source>
      <translation>&amp;Nombre de archivo:</translation>
    </message>
    <message>
      <source>Files of type:</source>
      <translation>Archivos de tipo:</translation>
    </message>
    <message>
      <source>%1 already exists.
Do you want to replace it?</source>
      <translation>El archivo %1 ya existe.
¿Desea reemplazarlo?</translation>
    </message>
    <message>
      <source>%1
File not found.
Please verify the correct file name was given.</source>
      <translation>%1
Archivo no encontrado.
Verifique que el nombre del archivo es correcto.</translation>
    </message>
  </context>
  <context>
    <name>QFileSystemModel</name>
    <message>
      <source>Invalid filename</source>
      <translation>Nombre de archivo no válido</translation>
    </message>
  </context>
  <context>
    <name>QFile</name>
    <message>
      <source>Destination file is the same file.</source>
      <translation>El archivo de destino es el mismo.</translation>
    </message>
  </context>
  <context>
    <name>QIODevice</name>
    <message>
      <source>No such file or directory</source>
      <translation>No hay ningún archivo o carpeta con ese nombre</translation>
    </message>
    <message>
      <source>Too many open files</source>
      <translation>Demasiados archivos abiertos simultáneamente</translation>
    </message>
  </context>
</TS>