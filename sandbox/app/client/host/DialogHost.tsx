/** Renders the host's modal layer: alert, confirm and error dialogs (Fluent Dialog, focus-trapped) and the progress indicator. */
import * as React from 'react';
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Spinner, makeStyles, tokens, Text,
} from '@fluentui/react-components';
import { Dismiss24Regular, ErrorCircle24Regular } from '@fluentui/react-icons';
import { dialogs, type DialogRequest } from './dialogs';
import { FieldsDialog } from './FieldsDialog';
import { t } from '../i18n';

const useStyles = makeStyles({
  text: { whiteSpace: 'pre-wrap', display: 'block' },
  errorTitle: { display: 'flex', alignItems: 'center', columnGap: tokens.spacingHorizontalS },
  errorIcon: { color: tokens.colorPaletteRedForeground1, flexShrink: 0 },
  details: {
    marginTop: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    maxHeight: '240px',
    overflowY: 'auto',
  },
  progress: { display: 'flex', alignItems: 'center', columnGap: tokens.spacingHorizontalM, padding: tokens.spacingVerticalM },
  surface: { maxWidth: '560px' },
  pageSurface: { padding: 0, maxWidth: '95vw', maxHeight: '95vh', display: 'flex', flexDirection: 'column', overflow: 'hidden' },
  pageHeader: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  pageFrame: { border: 0, flex: '1 1 auto', width: '100%' },
});

/**
 * navigateTo({ pageType: 'webresource' }, { target: 2 }): the page in an iframe, under a title bar whose close
 * button carries the platform's data-id (pages that close themselves press it), resolving with its returnValue.
 */
function WebResourceDialog({ d }: { d: Extract<DialogRequest, { kind: 'webresource' }> }) {
  const s = useStyles();
  const frame = React.useRef<HTMLIFrameElement>(null);
  const close = () => {
    let value: unknown;
    try {
      value = (frame.current?.contentWindow as unknown as { returnValue?: unknown } | null)?.returnValue;
    } catch {
      value = undefined;
    }
    d.resolve(value);
  };
  const titleId = `dlg-${d.id}-title`;
  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && close()}>
      <DialogSurface className={s.pageSurface} style={{ width: d.width ?? '640px', height: d.height ?? '600px' }} aria-labelledby={titleId} data-testid="webresource-dialog">
        <div className={s.pageHeader}>
          <Text id={titleId} weight="semibold" size={400}>
            {d.title ?? ''}
          </Text>
          <Button appearance="subtle" icon={<Dismiss24Regular />} aria-label={t('dialog.close')} data-id="dialogCloseIconButton" onClick={close} />
        </div>
        <iframe ref={frame} className={s.pageFrame} title={d.title ?? d.url} src={d.url} data-testid="webresource-dialog-frame" />
      </DialogSurface>
    </Dialog>
  );
}

function useDialogStore() {
  const [, setTick] = React.useState(0);
  React.useEffect(() => dialogs.subscribe(() => setTick((n) => n + 1)), []);
  return dialogs;
}

function ErrorDialog({ d }: { d: Extract<DialogRequest, { kind: 'error' }> }) {
  const s = useStyles();
  const [showDetails, setShowDetails] = React.useState(false);
  return (
    <Dialog open modalType="alert" onOpenChange={(_, data) => !data.open && d.resolve()}>
      <DialogSurface className={s.surface} aria-describedby={`dlg-${d.id}-text`} data-testid="error-dialog">
        <DialogBody>
          <DialogTitle>
            <span className={s.errorTitle}>
              <ErrorCircle24Regular className={s.errorIcon} aria-hidden />
              {t('dialog.error')}
            </span>
          </DialogTitle>
          <DialogContent>
            <Text id={`dlg-${d.id}-text`} className={s.text}>
              {d.message}
            </Text>
            {showDetails && d.details && (
              <div className={s.details} role="region" aria-label={t('dialog.details')}>
                {d.details}
              </div>
            )}
          </DialogContent>
          <DialogActions>
            {d.details && (
              <Button appearance="secondary" onClick={() => setShowDetails((v) => !v)} aria-expanded={showDetails}>
                {showDetails ? t('dialog.hideDetails') : t('dialog.showDetails')}
              </Button>
            )}
            <Button appearance="primary" onClick={() => d.resolve()}>
              {t('dialog.ok')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function OneDialog({ d }: { d: DialogRequest }) {
  const s = useStyles();
  if (d.kind === 'error') return <ErrorDialog d={d} />;
  if (d.kind === 'webresource') return <WebResourceDialog d={d} />;
  if (d.kind === 'fields') return <FieldsDialog d={d} />;
  if (d.kind === 'alert') {
    return (
      <Dialog open modalType="alert" onOpenChange={(_, data) => !data.open && d.resolve()}>
        <DialogSurface className={s.surface} aria-describedby={`dlg-${d.id}-text`} data-testid="alert-dialog">
          <DialogBody>
            {d.title && <DialogTitle>{d.title}</DialogTitle>}
            <DialogContent>
              <Text id={`dlg-${d.id}-text`} className={s.text}>
                {d.text}
              </Text>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={() => d.resolve()}>
                {d.confirmLabel || t('dialog.ok')}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    );
  }
  return (
    <Dialog open modalType="alert" onOpenChange={(_, data) => !data.open && d.resolve(false)}>
      <DialogSurface className={s.surface} aria-describedby={`dlg-${d.id}-text`} data-testid="confirm-dialog">
        <DialogBody>
          <DialogTitle>{d.title || t('dialog.confirm')}</DialogTitle>
          <DialogContent>
            {d.subtitle && <Text weight="semibold" className={s.text}>{d.subtitle}</Text>}
            <Text id={`dlg-${d.id}-text`} className={s.text}>
              {d.text}
            </Text>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => d.resolve(true)}>
              {d.confirmLabel || t('dialog.ok')}
            </Button>
            <Button appearance="secondary" onClick={() => d.resolve(false)}>
              {d.cancelLabel || t('dialog.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/**
 * Focus back where the user was when the modal layer closes, as Unified Interface does: a command opens a progress
 * indicator, then a dialog, then maybe another; Fluent restores focus per dialog, to whatever had it when that one
 * opened, which after the first is the page body. So the host remembers the element focused when the layer opened
 * and returns focus to it (if it is still on the page) once the last dialog or progress indicator is gone.
 */
function useFocusReturn(layerOpen: boolean): void {
  const opener = React.useRef<HTMLElement | null>(null);
  const wasOpen = React.useRef(false);
  if (layerOpen && !wasOpen.current) {
    const active = document.activeElement;
    opener.current = active instanceof HTMLElement && active !== document.body ? active : opener.current;
  }
  wasOpen.current = layerOpen;
  React.useEffect(() => {
    if (layerOpen || !opener.current) return;
    const target = opener.current;
    // After Fluent's own restore (it runs when the surface unmounts), and only if no new dialog opened meanwhile.
    const timer = window.setTimeout(() => {
      if (dialogs.dialogs.length > 0 || dialogs.progress !== null) return;
      opener.current = null;
      if (target.isConnected && !(target as HTMLButtonElement).disabled) target.focus();
      else document.getElementById('main')?.focus();
    }, 0);
    return () => window.clearTimeout(timer);
  }, [layerOpen]);
}

export function DialogHost(): React.ReactElement {
  const store = useDialogStore();
  const s = useStyles();
  const top = store.dialogs[store.dialogs.length - 1];
  useFocusReturn(!!top || store.progress !== null);
  return (
    <>
      {store.progress !== null && !top && (
        <Dialog open modalType="alert">
          <DialogSurface className={s.surface} aria-busy="true" aria-label={store.progress || t('progress.working')} data-testid="progress-indicator">
            <div className={s.progress} role="status" aria-live="polite">
              <Spinner size="medium" />
              <Text>{store.progress || t('progress.working')}</Text>
            </div>
          </DialogSurface>
        </Dialog>
      )}
      {top && <OneDialog key={top.id} d={top} />}
    </>
  );
}
