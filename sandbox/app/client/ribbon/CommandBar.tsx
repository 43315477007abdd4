/** The form command bar: the form's own commands (Back, Save, Refresh), Sales' own (quote lifecycle), then the solution's ribbon buttons. */
import * as React from 'react';
import { Toolbar, ToolbarButton, ToolbarDivider, Tooltip, makeStyles, shorthands, tokens } from '@fluentui/react-components';
import {
  ArrowLeftRegular, SaveRegular, ArrowClockwiseRegular, SendRegular, OpenRegular, ArrowSyncRegular, ArrowRepeatAllRegular, DataBarVerticalRegular, BoxCheckmarkRegular, FlashRegular,
  LinkRegular, LinkDismissRegular, AddRegular, ArrowDownloadRegular,
} from '@fluentui/react-icons';
import type { RibbonModel } from '../../shared/model';
import { t } from '../i18n';
import { evaluateButtons, runCommand, type ButtonState, type CommandContext } from './commands';
import { SalesCommands } from './SalesCommands';

const useStyles = makeStyles({
  bar: {
    backgroundColor: tokens.colorNeutralBackground1,
    ...shorthands.borderBottom('1px', 'solid', tokens.colorNeutralStroke2),
    ...shorthands.padding(0, tokens.spacingHorizontalS),
    flexWrap: 'wrap',
  },
});

function iconFor(image: string | undefined, label: string): React.ReactElement {
  // The ModernImage names of the coupling commands first (Link, Cancel, Add, Download), then words of the label.
  if (image === 'Link') return <LinkRegular />;
  if (image === 'Cancel') return <LinkDismissRegular />;
  if (image === 'Add') return <AddRegular />;
  if (image === 'Download') return <ArrowDownloadRegular />;
  const key = `${image ?? ''} ${label}`.toLowerCase();
  if (/send|submit|envoyer/.test(key)) return <SendRegular />;
  if (/retry|réessayer|repeat/.test(key)) return <ArrowRepeatAllRegular />;
  if (/open|ouvrir|launch|globe/.test(key)) return <OpenRegular />;
  if (/stat|chart/.test(key)) return <DataBarVerticalRegular />;
  if (/availab|dispon|stock|box/.test(key)) return <BoxCheckmarkRegular />;
  if (/refresh|sync|actualis/.test(key)) return <ArrowSyncRegular />;
  return <FlashRegular />;
}

export interface CommandBarProps {
  ribbon?: RibbonModel;
  ctx: CommandContext | null;
  /** Bumps when the record, the form state or ui.refreshRibbon() asks for re-evaluation. */
  evaluateKey: string;
  canSave: boolean;
  onBack: () => void;
  onSave: () => void;
  onRefresh: () => void;
  /** The form's New command (a new record of the same table), when the user may create one. */
  onNew?: () => void;
}

export function CommandBar({ ribbon, ctx, evaluateKey, canSave, onBack, onSave, onRefresh, onNew }: CommandBarProps): React.ReactElement {
  const s = useStyles();
  const [buttons, setButtons] = React.useState<ButtonState[]>([]);
  const [evaluatedKey, setEvaluatedKey] = React.useState<string | null>(null);
  const [running, setRunning] = React.useState<string | null>(null);

  React.useEffect(() => {
    let alive = true;
    if (!ribbon || !ctx) {
      setButtons([]);
      return;
    }
    evaluateButtons(ribbon, ctx).then((b) => {
      if (!alive) return;
      setButtons(b);
      setEvaluatedKey(evaluateKey);
    });
    return () => {
      alive = false;
    };
  }, [ribbon, ctx, evaluateKey]);

  const run = async (b: ButtonState) => {
    if (!ribbon || !ctx || running) return;
    setRunning(b.button.id);
    try {
      await runCommand(ribbon, b.button.command, ctx);
    } finally {
      setRunning(null);
    }
  };

  const visible = buttons.filter((b) => b.visible);
  return (
    <Toolbar className={s.bar} aria-label={t('form.commandBar')} data-testid="command-bar" data-evaluated={!ribbon || evaluatedKey === evaluateKey ? 'true' : 'false'}>
      <ToolbarButton icon={<ArrowLeftRegular />} aria-label={t('form.back')} onClick={onBack} />
      {onNew && (
        <ToolbarButton icon={<AddRegular />} onClick={onNew} data-testid="command-new">
          {t('form.new')}
        </ToolbarButton>
      )}
      <ToolbarButton icon={<SaveRegular />} disabled={!canSave} onClick={onSave} data-testid="command-save">
        {t('form.save')}
      </ToolbarButton>
      <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={onRefresh} data-testid="command-refresh">
        {t('form.refresh')}
      </ToolbarButton>
      {ctx && <SalesCommands ctx={ctx} onChanged={onRefresh} disabled={running !== null} onRunning={(r) => setRunning(r ? 'sales' : null)} />}
      {visible.length > 0 && <ToolbarDivider />}
      {visible.map((b) => (
        <Tooltip key={b.button.id} content={b.tooltip || b.label} relationship="description">
          <ToolbarButton icon={iconFor(b.button.modernImage, b.label)} onClick={() => run(b)} disabled={running !== null} data-testid={`command-${b.button.id}`} data-command={b.button.command}>
            {b.label}
          </ToolbarButton>
        </Tooltip>
      ))}
    </Toolbar>
  );
}
