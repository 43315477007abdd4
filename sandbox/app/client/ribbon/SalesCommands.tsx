/**
 * The command bar buttons Dynamics 365 Sales itself puts on a quote form (Activate Quote, Create Order, Close Quote,
 * Revise), which the sandbox plays in Sales' place: decisions and Web API calls in quoteLifecycle.ts, dialogs through
 * the host's modal layer (focus returns to the button), and the form reloaded or the new record opened afterwards.
 */
import * as React from 'react';
import { ToolbarButton } from '@fluentui/react-components';
import { CheckmarkCircleRegular, DocumentArrowRightRegular, DismissCircleRegular, EditArrowBackRegular } from '@fluentui/react-icons';
import { useServices } from '../app/services';
import { hrefFor, navigate } from '../app/router';
import { t, type StringKey } from '../i18n';
import { dialogs } from '../host/dialogs';
import { QuoteStatus } from '../../../../domain/dataverseCodes';
import type { CommandContext } from './commands';
import { activateQuote, CLOSE_REASONS, closeQuote, createOrder, quoteCommandsFor, reviseQuote, type QuoteCommandId } from './quoteLifecycle';

const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
/** A picked calendar day as the instant Edm.DateTimeOffset parameters take (the user's midnight). */
const instantOf = (day: string): string | undefined => (day ? new Date(`${day}T00:00:00`).toISOString() : undefined);

const LABEL: Record<QuoteCommandId, StringKey> = { activate: 'quote.activate', createOrder: 'quote.createOrder', close: 'quote.close', revise: 'quote.revise' };
const ICON: Record<QuoteCommandId, React.ReactElement> = {
  activate: <CheckmarkCircleRegular />,
  createOrder: <DocumentArrowRightRegular />,
  close: <DismissCircleRegular />,
  revise: <EditArrowBackRegular />,
};

export interface SalesCommandsProps {
  ctx: CommandContext;
  /** Reloads the form after a command changed the record. */
  onChanged: () => void;
  disabled: boolean;
  onRunning: (running: boolean) => void;
}

export function SalesCommands({ ctx, onChanged, disabled, onRunning }: SalesCommandsProps): React.ReactElement | null {
  const { client, meta } = useServices();
  if (ctx.form.entity !== 'quote') return null;
  const quoteId = ctx.form.id ?? '';
  const state = ctx.form.get('statecode');
  const commands = quoteCommandsFor(typeof state === 'number' ? state : null, !!quoteId, ctx.privileges);
  const name = String(ctx.form.get('name') ?? ctx.form.get('quotenumber') ?? '');

  /** Runs `work` behind the progress indicator; a refusal of the platform is shown as the platform shows it. */
  const withProgress = async <T,>(message: string, work: () => Promise<T>): Promise<T | undefined> => {
    dialogs.showProgress(message);
    try {
      return await work();
    } catch (e) {
      dialogs.closeProgress();
      await dialogs.error({ message: t('quote.failed', e instanceof Error ? e.message : String(e)) });
      return undefined;
    } finally {
      dialogs.closeProgress();
    }
  };

  const run: Record<QuoteCommandId, () => Promise<void>> = {
    activate: async () => {
      // Unsaved changes are saved first; if the save is refused (its error is shown), the quote stays a draft.
      if (ctx.form.isDirty()) await ctx.formContext.data.save();
      if (ctx.form.isDirty()) return;
      const done = await withProgress(t('quote.activating'), async () => {
        await activateQuote(client, quoteId);
        return true;
      });
      if (done) onChanged();
    },
    close: async () => {
      const values = await dialogs.fields({
        title: t('quote.closeDialog.title'),
        confirmLabel: t('dialog.ok'),
        cancelLabel: t('dialog.cancel'),
        fields: [
          { name: 'status', label: t('quote.closeDialog.statusReason'), type: 'choice', value: String(CLOSE_REASONS[0]), options: CLOSE_REASONS.map((v) => ({ value: String(v), label: meta.optionLabel('quote', 'statuscode', v) })) },
          { name: 'date', label: t('quote.closeDialog.closeDate'), type: 'date', value: today() },
          { name: 'description', label: t('quote.closeDialog.description'), type: 'text', value: '' },
          { name: 'revise', label: t('quote.closeDialog.createRevised'), type: 'boolean', value: false },
        ],
      });
      if (!values) return;
      const status = Number(values.status);
      const revisedId = await withProgress(t('quote.closing'), async () => {
        await closeQuote(client, quoteId, { status, subject: t('quote.closeDialog.subject', name), date: instantOf(String(values.date)), description: String(values.description) || undefined });
        return values.revise === true ? reviseQuote(client, quoteId) : '';
      });
      if (revisedId) navigate(hrefFor.form('quote', revisedId));
      else onChanged();
    },
    revise: async () => {
      const revisedId = await withProgress(t('quote.revising'), async () => {
        await closeQuote(client, quoteId, { status: QuoteStatus.revised, subject: t('quote.closeDialog.subject', name) });
        return reviseQuote(client, quoteId);
      });
      if (revisedId) navigate(hrefFor.form('quote', revisedId));
      else onChanged();
    },
    createOrder: async () => {
      const values = await dialogs.fields({
        title: t('quote.orderDialog.title'),
        text: t('quote.orderDialog.text'),
        confirmLabel: t('dialog.ok'),
        cancelLabel: t('dialog.cancel'),
        fields: [
          { name: 'date', label: t('quote.orderDialog.dateWon'), type: 'date', value: today() },
          { name: 'description', label: t('quote.orderDialog.description'), type: 'text', value: '' },
        ],
      });
      if (!values) return;
      const orderId = await withProgress(t('quote.creatingOrder'), () =>
        createOrder(client, quoteId, { subject: t('quote.orderDialog.subject', name), date: instantOf(String(values.date)), description: String(values.description) || undefined }),
      );
      if (orderId) navigate(hrefFor.form('salesorder', orderId));
      else onChanged();
    },
  };

  const click = async (id: QuoteCommandId) => {
    onRunning(true);
    try {
      await run[id]();
    } finally {
      onRunning(false);
    }
  };

  return (
    <>
      {commands.map((id) => (
        <ToolbarButton key={id} icon={ICON[id]} onClick={() => void click(id)} disabled={disabled} data-testid={`command-quote-${id}`}>
          {t(LABEL[id])}
        </ToolbarButton>
      ))}
    </>
  );
}
