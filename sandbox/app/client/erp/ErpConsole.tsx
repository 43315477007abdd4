/**
 * The ERP console: what a Business Central back-office user does, through the stand-in's back-office endpoints
 * (release, ship fully or partly with a tracking number, invoice, receive a payment, change stock), and the ERP's
 * orders, quotes and invoices as Business Central lists them.
 */
import * as React from 'react';
import {
  Button, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar, MessageBarBody, Radio, RadioGroup, Select,
  Spinner, Tab, TabList, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Toolbar, ToolbarButton, makeStyles, mergeClasses, shorthands, tokens, Badge,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular, ChevronDownRegular, ChevronRightRegular, MoreHorizontalRegular } from '@fluentui/react-icons';
import { sandboxFetch } from '../host/sandboxApi';
import { dialogs } from '../host/dialogs';
import { formatDate, formatNumber, formatShortDate } from '../data/format';
import { catalogs, t, type StringKey } from '../i18n';

interface ErpLine {
  id: string;
  sequence: number;
  lineType: string;
  lineObjectNumber: string;
  description: string;
  quantity: number;
  shippedQuantity: number;
  invoicedQuantity: number;
  locationCode: string;
  unitPrice: number;
}

interface ErpDocument {
  id: string;
  number: string;
  kind: 'order' | 'quote' | 'invoice';
  status: string;
  posted?: boolean;
  customerNumber: string;
  customerName: string;
  externalDocumentNumber?: string;
  documentDate: string;
  requestedDeliveryDate?: string;
  dueDate?: string;
  currencyCode: string;
  totalAmountIncludingTax: number;
  remainingAmount?: number;
  orderNumber?: string;
  lines: ErpLine[];
}

interface Overview {
  /** How many documents the ERP has; the lists may hold only the most recent. */
  counts?: { orders: number; quotes: number; invoices: number };
  company: { id: string; name: string; workDate: string; localCurrencyCode: string };
  orders: ErpDocument[];
  quotes: ErpDocument[];
  invoices: ErpDocument[];
  locations: { code: string; displayName: string }[];
}

interface StockRow {
  itemNumber: string;
  locationCode: string;
  locationName: string;
  inventory: number;
  qtyOnSalesOrders: number;
  qtyOnPurchaseOrders: number;
  availableInventory: number;
}

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 },
  bar: { backgroundColor: tokens.colorNeutralBackground1, ...shorthands.borderBottom('1px', 'solid', tokens.colorNeutralStroke2), ...shorthands.padding(0, tokens.spacingHorizontalS) },
  scroll: { overflowY: 'auto', flexGrow: 1, ...shorthands.padding(tokens.spacingVerticalM, tokens.spacingHorizontalL, tokens.spacingVerticalXXL) },
  head: { marginBottom: tokens.spacingVerticalM, display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
  title: { fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold, ...shorthands.margin(0) },
  muted: { color: tokens.colorNeutralForeground3 },
  card: { backgroundColor: tokens.colorNeutralBackground1, boxShadow: tokens.shadow4, borderRadius: tokens.borderRadiusMedium, ...shorthands.padding(tokens.spacingVerticalS, tokens.spacingHorizontalM), overflowX: 'auto', marginTop: tokens.spacingVerticalM },
  actions: { display: 'flex', columnGap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  lines: { backgroundColor: tokens.colorNeutralBackground2 },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  form: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  status: { marginTop: tokens.spacingVerticalS },
  // Cells padded like Business Central's dense lists (4 px a side, not Fluent's 8): the invoices' nine columns fit
  // 1024 px with the site map open, in French too.
  headerCell: { fontWeight: tokens.fontWeightSemibold, verticalAlign: 'bottom', ...shorthands.padding(0, tokens.spacingHorizontalXS) },
  // Fluent's Table is table-layout: fixed with equal columns: at 1024 px the columns were narrower than their
  // headers and amounts, which spilled over each other. Auto layout instead: the browser gives each column at
  // least its content's narrowest width and wraps texts (names, headers, action buttons) inside their own cell;
  // amounts never wrap. The card still scrolls sideways if even that is wider than the page.
  table: { tableLayout: 'auto', width: '100%' },
  cell: { verticalAlign: 'top', ...shorthands.padding(tokens.spacingVerticalXS, tokens.spacingHorizontalXS) },
  nowrap: { whiteSpace: 'nowrap' },
  customer: { minWidth: '8em' },
  second: { display: 'block', whiteSpace: 'normal', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  // Buttons one under the other, their labels wrapping: the column is as wide as the widest word, not as all buttons.
  stacked: {
    display: 'flex', flexDirection: 'column', alignItems: 'stretch', rowGap: tokens.spacingVerticalXXS, maxWidth: '9em',
    '& > button': { whiteSpace: 'normal', minWidth: 0, height: 'auto' },
  },
  focused: { backgroundColor: tokens.colorBrandBackground2 },
});

/** How many documents of a kind the ERP has: the overview's count, not the length of its (possibly cut) list. */
const count = (data: Overview, kind: 'orders' | 'quotes' | 'invoices'): number => data.counts?.[kind] ?? data[kind].length;

const money = (v: number | undefined, currency: string) => (v === undefined ? '' : `${formatNumber(v, 2)} ${currency}`);

/** A document's status in the user's language, as BC's pages word it; a status the catalogue lacks shows as sent. */
function statusLabel(kind: ErpDocument['kind'], status: string): string {
  const key = `erp.status.${kind}.${status}`;
  return key in catalogs[1033] ? t(key as StringKey) : status;
}

function statusColor(status: string): 'success' | 'warning' | 'informative' | 'subtle' | 'brand' {
  const s = status.toLowerCase();
  if (s === 'open' || s === 'paid') return 'success';
  if (s === 'draft') return 'informative';
  if (s.includes('partial') || s === 'overdue') return 'warning';
  return 'subtle';
}

/** The modal every console action asks in: a title, its fields, the action's button and Cancel. */
function ActionDialog(props: { id: string; title: string; submitLabel: string; onSubmit: () => void; onCancel: () => void; submitDisabled?: boolean; children: React.ReactNode }) {
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && props.onCancel()}>
      <DialogSurface aria-describedby={undefined} data-testid={`erp-${props.id}-dialog`}>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent>{props.children}</DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={props.submitDisabled} onClick={props.onSubmit} data-testid={`erp-${props.id}-submit`}>
              {props.submitLabel}
            </Button>
            <Button onClick={props.onCancel}>{t('dialog.cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function ShipDialog({ order, onClose }: { order: ErpDocument; onClose: (body: { lines?: { sequence: number; quantity: number }[]; trackingNumber?: string } | null) => void }) {
  const outstanding = order.lines.filter((l) => l.lineType !== 'Comment' && l.quantity - l.shippedQuantity > 0);
  const [mode, setMode] = React.useState<'full' | 'partial'>('full');
  const [tracking, setTracking] = React.useState('');
  const [qty, setQty] = React.useState<Record<number, string>>(() => Object.fromEntries(outstanding.map((l) => [l.sequence, String(l.quantity - l.shippedQuantity)])));
  const submit = () => {
    const lines = mode === 'partial' ? outstanding.map((l) => ({ sequence: l.sequence, quantity: Number(qty[l.sequence] ?? 0) })).filter((l) => l.quantity > 0) : undefined;
    onClose({ lines, trackingNumber: tracking.trim() || undefined });
  };
  return (
    <ActionDialog id="ship" title={t('erp.ship.title', order.number)} submitLabel={t('erp.ship.submit')} onSubmit={submit} onCancel={() => onClose(null)}>
      <Field label={t('erp.ship.mode')}>
        <RadioGroup value={mode} onChange={(_, d) => setMode(d.value as 'full' | 'partial')}>
          <Radio value="full" label={t('erp.ship.full')} data-testid="erp-ship-full" />
          <Radio value="partial" label={t('erp.ship.partial')} data-testid="erp-ship-partial" />
        </RadioGroup>
      </Field>
      {mode === 'partial' &&
        outstanding.map((l) => (
          <Field key={l.sequence} label={t('erp.ship.qtyFor', l.lineObjectNumber || String(l.sequence), formatNumber(l.quantity - l.shippedQuantity))}>
            <Input type="number" min={0} value={qty[l.sequence] ?? ''} onChange={(_, d) => setQty((q) => ({ ...q, [l.sequence]: d.value }))} data-testid={`erp-ship-qty-${l.sequence}`} />
          </Field>
        ))}
      <Field label={t('erp.ship.tracking')}>
        <Input value={tracking} onChange={(_, d) => setTracking(d.value)} data-testid="erp-ship-tracking" />
      </Field>
    </ActionDialog>
  );
}

/** A collector records the customer's promise to pay by a date (BC's Promised Pay Date on the posted invoice). */
function PromiseDialog({ invoice, onClose }: { invoice: ErpDocument; onClose: (body: { date: string } | null) => void }) {
  const [date, setDate] = React.useState(invoice.dueDate && invoice.dueDate > '0001-01-01' ? invoice.dueDate.slice(0, 10) : new Date().toISOString().slice(0, 10));
  return (
    <ActionDialog id="promise" title={t('erp.promise.title', invoice.number)} submitLabel={t('erp.promise.submit')} submitDisabled={!/^\d{4}-\d{2}-\d{2}$/.test(date)} onSubmit={() => onClose({ date })} onCancel={() => onClose(null)}>
      <Field label={t('erp.promise.date')}>
        <Input type="date" value={date} onChange={(_, d) => setDate(d.value)} data-testid="erp-promise-date" />
      </Field>
    </ActionDialog>
  );
}

function PayDialog({ invoice, onClose }: { invoice: ErpDocument; onClose: (body: { amount?: number } | null) => void }) {
  const remaining = invoice.remainingAmount ?? invoice.totalAmountIncludingTax;
  const [amount, setAmount] = React.useState(String(remaining));
  return (
    <ActionDialog id="pay" title={t('erp.pay.title', invoice.number)} submitLabel={t('erp.pay.submit')} onSubmit={() => onClose({ amount: Number(amount) })} onCancel={() => onClose(null)}>
      <Field label={t('erp.pay.amount')} hint={t('erp.pay.full', money(remaining, invoice.currencyCode))}>
        <Input type="number" min={0} step="0.01" value={amount} onChange={(_, d) => setAmount(d.value)} data-testid="erp-pay-amount" />
      </Field>
    </ActionDialog>
  );
}

function DocumentTable({ docs, kind, actions, focus }: { docs: ErpDocument[]; kind: 'order' | 'quote' | 'invoice'; actions: (d: ErpDocument) => React.ReactNode; focus?: string }) {
  const s = useStyles();
  const [open, setOpen] = React.useState<Set<string>>(() => new Set(docs.filter((d) => d.number === focus).map((d) => d.id)));
  React.useEffect(() => {
    if (focus) document.querySelector(`[data-number="${CSS.escape(focus)}"]`)?.scrollIntoView({ block: 'center' });
  }, [focus]);
  if (docs.length === 0) return <Text className={s.muted}>{t('erp.empty')}</Text>;
  const toggle = (id: string) =>
    setOpen((o) => {
      const n = new Set(o);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const cols = kind === 'invoice' ? 9 : 8;
  return (
    <Table size="small" className={s.table} aria-label={kind === 'order' ? t('erp.orders') : kind === 'quote' ? t('erp.quotes') : t('erp.invoices')} data-testid={`erp-${kind}s`}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell style={{ width: 36 }} aria-label={t('erp.lines')} />
          <TableHeaderCell className={s.headerCell}>{t('erp.col.number')}</TableHeaderCell>
          <TableHeaderCell className={s.headerCell}>{t('erp.col.customer')}</TableHeaderCell>
          <TableHeaderCell className={s.headerCell}>{t('erp.col.date')}</TableHeaderCell>
          <TableHeaderCell className={s.headerCell}>{t('erp.col.status')}</TableHeaderCell>
          <TableHeaderCell className={mergeClasses(s.headerCell, s.num)}>{t('erp.col.amount')}</TableHeaderCell>
          {kind === 'invoice' && <TableHeaderCell className={mergeClasses(s.headerCell, s.num)}>{t('erp.col.remaining')}</TableHeaderCell>}
          <TableHeaderCell className={s.headerCell}>{kind === 'quote' ? t('erp.col.validUntil') : kind === 'invoice' ? t('erp.col.dueDate') : t('erp.col.requestedDelivery')}</TableHeaderCell>
          <TableHeaderCell className={s.headerCell}>{t('erp.col.actions')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {docs.map((d) => (
          <React.Fragment key={d.id}>
            <TableRow data-testid={`erp-${kind}-row`} data-number={d.number} data-external={d.externalDocumentNumber ?? ''} className={d.number === focus ? s.focused : undefined} aria-current={d.number === focus ? 'true' : undefined}>
              <TableCell className={s.cell}>
                <Button appearance="subtle" size="small" icon={open.has(d.id) ? <ChevronDownRegular /> : <ChevronRightRegular />} aria-expanded={open.has(d.id)} aria-label={`${t('erp.lines')} ${d.number}`} onClick={() => toggle(d.id)} />
              </TableCell>
              <TableCell className={mergeClasses(s.cell, s.nowrap)}>
                {d.number}
                {/* The order an invoice came from, or the order's external document no., under its number: one column less. */}
                {(kind === 'invoice' ? d.orderNumber : d.externalDocumentNumber) ? (
                  <span className={s.second} data-testid="erp-reference">{`${kind === 'invoice' ? t('erp.col.order') : t('erp.col.externalDocument')} ${kind === 'invoice' ? d.orderNumber : d.externalDocumentNumber}`}</span>
                ) : null}
              </TableCell>
              <TableCell className={mergeClasses(s.cell, s.customer)}>
                {d.customerName}
                <span className={s.second}>{d.customerNumber}</span>
              </TableCell>
              <TableCell className={mergeClasses(s.cell, s.nowrap)}>{d.documentDate ? formatShortDate(d.documentDate) : ''}</TableCell>
              <TableCell className={s.cell}>
                <Badge appearance="tint" color={statusColor(d.status)} data-testid="erp-status" data-status={d.status}>
                  {statusLabel(kind, d.status)}
                </Badge>
              </TableCell>
              <TableCell className={mergeClasses(s.cell, s.num, s.nowrap)}>{money(d.totalAmountIncludingTax, d.currencyCode)}</TableCell>
              {kind === 'invoice' && <TableCell className={mergeClasses(s.cell, s.num, s.nowrap)} data-testid="erp-remaining">{money(d.remainingAmount, d.currencyCode)}</TableCell>}
              <TableCell className={mergeClasses(s.cell, s.nowrap)}>{kind === 'invoice' ? (d.dueDate ? formatShortDate(d.dueDate) : '') : d.requestedDeliveryDate && !d.requestedDeliveryDate.startsWith('0001') ? formatShortDate(d.requestedDeliveryDate) : ''}</TableCell>
              <TableCell className={s.cell}>
                <div className={s.stacked}>{actions(d)}</div>
              </TableCell>
            </TableRow>
            {open.has(d.id) && (
              <TableRow className={s.lines}>
                <TableCell colSpan={cols}>
                  <Table size="extra-small" aria-label={`${t('erp.lines')} ${d.number}`}>
                    <TableHeader>
                      <TableRow>
                        <TableHeaderCell>{t('erp.col.line')}</TableHeaderCell>
                        <TableHeaderCell>{t('erp.col.item')}</TableHeaderCell>
                        <TableHeaderCell>{t('erp.col.location')}</TableHeaderCell>
                        <TableHeaderCell>{t('erp.col.quantity')}</TableHeaderCell>
                        <TableHeaderCell>{t('erp.col.shipped')}</TableHeaderCell>
                        <TableHeaderCell>{t('erp.col.invoiced')}</TableHeaderCell>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {d.lines.map((l) => (
                        <TableRow key={l.id}>
                          <TableCell>{l.sequence}</TableCell>
                          <TableCell>{l.lineObjectNumber ? `${l.lineObjectNumber} — ${l.description}` : l.description}</TableCell>
                          <TableCell>{l.locationCode}</TableCell>
                          <TableCell className={s.num}>{l.lineType === 'Comment' ? '' : formatNumber(l.quantity)}</TableCell>
                          <TableCell className={s.num}>{l.lineType === 'Comment' ? '' : formatNumber(l.shippedQuantity)}</TableCell>
                          <TableCell className={s.num}>{l.lineType === 'Comment' ? '' : formatNumber(l.invoicedQuantity)}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </TableCell>
              </TableRow>
            )}
          </React.Fragment>
        ))}
      </TableBody>
    </Table>
  );
}

function StockPanel({ locations, onDone }: { locations: Overview['locations']; onDone: (message: string, ok: boolean) => void }) {
  const s = useStyles();
  const [item, setItem] = React.useState('');
  const [location, setLocation] = React.useState(locations[0]?.code ?? '');
  const [quantity, setQuantity] = React.useState('');
  const [rows, setRows] = React.useState<StockRow[] | null>(null);
  const show = async () => {
    try {
      const r = await sandboxFetch<{ value: StockRow[] }>(`erp/admin/stock/${encodeURIComponent(item.trim().toUpperCase())}`);
      setRows(r.value);
    } catch (e) {
      onDone(t('erp.failed', t('erp.stock.lookup'), e instanceof Error ? e.message : String(e)), false);
    }
  };
  const post = async () => {
    try {
      const r = await sandboxFetch<{ itemNumber: string; locationCode: string; onHand: number }>('erp/admin/stock', { body: { itemNumber: item.trim(), locationCode: location, quantity: Number(quantity) } });
      onDone(`${t('erp.done', t('erp.stock.submit'))} ${r.itemNumber} @ ${r.locationCode}: ${t('erp.stock.onHand')} ${formatNumber(r.onHand)}`, true);
      await show();
    } catch (e) {
      onDone(t('erp.failed', t('erp.stock.submit'), e instanceof Error ? e.message : String(e)), false);
    }
  };
  return (
    <div data-testid="erp-stock">
      <div className={s.form}>
        <Field label={t('erp.stock.item')} required>
          <Input value={item} onChange={(_, d) => setItem(d.value)} data-testid="erp-stock-item" />
        </Field>
        <Field label={t('erp.stock.location')}>
          <Select value={location} onChange={(_, d) => setLocation(d.value)} data-testid="erp-stock-location">
            {locations.map((l) => (
              <option key={l.code} value={l.code}>{`${l.code} — ${l.displayName}`}</option>
            ))}
          </Select>
        </Field>
        <Field label={t('erp.stock.quantity')}>
          <Input type="number" value={quantity} onChange={(_, d) => setQuantity(d.value)} data-testid="erp-stock-quantity" />
        </Field>
        <div className={s.actions}>
          <Button onClick={show} disabled={!item.trim()}>
            {t('erp.stock.lookup')}
          </Button>
          <Button appearance="primary" onClick={post} disabled={!item.trim() || !quantity || Number(quantity) === 0} data-testid="erp-stock-submit">
            {t('erp.stock.submit')}
          </Button>
        </div>
      </div>
      {rows && (
        <div className={s.card}>
          <Table size="small" aria-label={t('erp.stock')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('erp.col.location')}</TableHeaderCell>
                <TableHeaderCell>{t('erp.stock.onHand')}</TableHeaderCell>
                <TableHeaderCell>{t('erp.stock.onSalesOrders')}</TableHeaderCell>
                <TableHeaderCell>{t('erp.stock.onPurchaseOrders')}</TableHeaderCell>
                <TableHeaderCell>{t('erp.stock.available')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.locationCode}>
                  <TableCell>{`${r.locationCode} — ${r.locationName}`}</TableCell>
                  <TableCell className={s.num}>{formatNumber(r.inventory)}</TableCell>
                  <TableCell className={s.num}>{formatNumber(r.qtyOnSalesOrders)}</TableCell>
                  <TableCell className={s.num}>{formatNumber(r.qtyOnPurchaseOrders)}</TableCell>
                  <TableCell className={s.num}>{formatNumber(r.availableInventory)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}

export function ErpConsole({ tab, focus }: { tab?: string; focus?: string }): React.ReactElement {
  const s = useStyles();
  const [data, setData] = React.useState<Overview | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [current, setCurrent] = React.useState(tab ?? 'orders');
  const [shipping, setShipping] = React.useState<ErpDocument | null>(null);
  const [paying, setPaying] = React.useState<ErpDocument | null>(null);
  const [promising, setPromising] = React.useState<ErpDocument | null>(null);
  const [status, setStatus] = React.useState<{ text: string; ok: boolean } | null>(null);
  const [busy, setBusy] = React.useState(false);

  const refresh = React.useCallback(async () => {
    try {
      setData(await sandboxFetch<Overview>('erp/admin/overview'));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  React.useEffect(() => {
    void refresh();
  }, [refresh]);

  /**
   * After a row's dialog closes, focus goes back to the button that opened it (or, when the action removed that
   * button, say a payment in full, to the row's first button): the dialog's own restore aims at the menu item, which
   * is gone by then. Row buttons stay focusable while an action runs (disabledFocusable), so focus is never dropped.
   */
  const focusRow = (number: string, testId: string) =>
    window.setTimeout(() => {
      const row = document.querySelector(`[data-number="${CSS.escape(number)}"]`);
      (row?.querySelector<HTMLElement>(`[data-testid="${testId}"]`) ?? row?.querySelector<HTMLElement>('button'))?.focus();
    }, 0);

  const act = async (what: string, path: string, body: unknown = {}, method = 'POST') => {
    setBusy(true);
    try {
      await sandboxFetch(`erp/admin/${path}`, { method, body });
      setStatus({ text: t('erp.done', what), ok: true });
    } catch (e) {
      setStatus({ text: t('erp.failed', what, e instanceof Error ? e.message : String(e)), ok: false });
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  const orderActions = (d: ErpDocument) => {
    const shipped = d.lines.some((l) => l.shippedQuantity > l.invoicedQuantity);
    const outstanding = d.lines.some((l) => l.lineType !== 'Comment' && l.quantity > l.shippedQuantity);
    return (
      <>
        {d.status === 'Draft' && (
          <Button size="small" disabledFocusable={busy} onClick={() => act(`${t('erp.release')} ${d.number}`, `salesOrders/${d.number}/release`)} data-testid="erp-release">
            {t('erp.release')}
          </Button>
        )}
        {d.status !== 'Draft' && outstanding && (
          <Button size="small" disabledFocusable={busy} onClick={() => setShipping(d)} data-testid="erp-ship">
            {t('erp.ship')}
          </Button>
        )}
        {shipped && (
          <Button size="small" disabledFocusable={busy} onClick={() => act(`${t('erp.invoice')} ${d.number}`, `salesOrders/${d.number}/invoice`)} data-testid="erp-invoice">
            {t('erp.invoice')}
          </Button>
        )}
        <Button
          size="small"
          appearance="subtle"
          disabledFocusable={busy}
          onClick={async () => {
            if (await dialogs.confirm({ text: t('erp.confirmDelete', d.number), confirmLabel: t('erp.delete') })) await act(`${t('erp.delete')} ${d.number}`, `salesOrders/${d.number}`, undefined, 'DELETE');
          }}
        >
          {t('erp.delete')}
        </Button>
      </>
    );
  };

  // One menu button per invoice, not two text buttons: at 1024 px, in French, the buttons made the table wider than
  // the page. The dialogs it opens give focus back to this button when they close (Fluent's Dialog restores focus to
  // the element focused when it opened, and the menu hands focus back to its trigger before the dialog mounts).
  const invoiceActions = (d: ErpDocument) =>
    (d.remainingAmount ?? 0) > 0 ? (
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <Button size="small" appearance="subtle" icon={<MoreHorizontalRegular />} disabledFocusable={busy} aria-label={t('erp.actionsFor', d.number)} data-testid="erp-invoice-actions" />
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            <MenuItem onClick={() => setPaying(d)} data-testid="erp-pay">
              {t('erp.pay')}
            </MenuItem>
            {d.posted !== false && (
              <MenuItem onClick={() => setPromising(d)} data-testid="erp-promise">
                {t('erp.promise')}
              </MenuItem>
            )}
          </MenuList>
        </MenuPopover>
      </Menu>
    ) : null;

  return (
    <div className={s.page} data-testid="erp-console">
      <Toolbar className={s.bar} aria-label={t('form.commandBar')}>
        <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => void refresh()} data-testid="erp-refresh">
          {t('erp.refresh')}
        </ToolbarButton>
      </Toolbar>
      <div className={s.scroll}>
        <div className={s.head}>
          <h2 className={s.title}>{t('erp.title')}</h2>
          <Text className={s.muted}>{t('erp.subtitle')}</Text>
          {data && <Text className={s.muted}>{`${data.company.name} · ${formatDate(data.company.workDate, true)} · ${data.company.localCurrencyCode}`}</Text>}
        </div>
        {error && (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>{error}</MessageBarBody>
          </MessageBar>
        )}
        <div role="status" aria-live="polite" className={s.status}>
          {status && (
            <MessageBar intent={status.ok ? 'success' : 'error'} data-testid="erp-result">
              <MessageBarBody>{status.text}</MessageBarBody>
            </MessageBar>
          )}
        </div>
        <TabList selectedValue={current} onTabSelect={(_, d) => setCurrent(String(d.value))} aria-label={t('erp.tabs')}>
          <Tab value="orders" data-testid="erp-tab-orders">{`${t('erp.orders')}${data ? ` (${formatNumber(count(data, 'orders'))})` : ''}`}</Tab>
          <Tab value="quotes" data-testid="erp-tab-quotes">{`${t('erp.quotes')}${data ? ` (${formatNumber(count(data, 'quotes'))})` : ''}`}</Tab>
          <Tab value="invoices" data-testid="erp-tab-invoices">{`${t('erp.invoices')}${data ? ` (${formatNumber(count(data, 'invoices'))})` : ''}`}</Tab>
          <Tab value="stock" data-testid="erp-tab-stock">{t('erp.stock')}</Tab>
        </TabList>
        <div className={s.card} role="tabpanel">
          {!data && !error && <Spinner label={t('app.loading')} />}
          {data && current === 'orders' && <DocumentTable docs={data.orders} kind="order" actions={orderActions} focus={focus} />}
          {data && current === 'quotes' && <DocumentTable docs={data.quotes} kind="quote" actions={() => null} focus={focus} />}
          {data && current === 'invoices' && count(data, 'invoices') > data.invoices.length && (
            <Text className={s.muted} block data-testid="erp-invoices-listed">
              {t('erp.listedOf', formatNumber(data.invoices.length), count(data, 'invoices'))}
            </Text>
          )}
          {data && current === 'invoices' && <DocumentTable docs={data.invoices} kind="invoice" actions={invoiceActions} focus={focus} />}
          {data && current === 'stock' && <StockPanel locations={data.locations} onDone={(text, ok) => setStatus({ text, ok })} />}
        </div>
      </div>
      {shipping && (
        <ShipDialog
          order={shipping}
          onClose={(body) => {
            const d = shipping;
            setShipping(null);
            focusRow(d.number, 'erp-ship');
            if (body) void act(`${t('erp.ship')} ${d.number}`.replace('…', ''), `salesOrders/${d.number}/ship`, body);
          }}
        />
      )}
      {promising && (
        <PromiseDialog
          invoice={promising}
          onClose={(body) => {
            const d = promising;
            setPromising(null);
            focusRow(d.number, 'erp-invoice-actions');
            if (body) void act(`${t('erp.promise')} ${d.number}`.replace('…', ''), `salesInvoices/${d.number}/promise`, body);
          }}
        />
      )}
      {paying && (
        <PayDialog
          invoice={paying}
          onClose={(body) => {
            const d = paying;
            setPaying(null);
            focusRow(d.number, 'erp-invoice-actions');
            if (body) void act(`${t('erp.pay')} ${d.number}`.replace('…', ''), `salesInvoices/${d.number}/payments`, body);
          }}
        />
      )}
    </div>
  );
}
