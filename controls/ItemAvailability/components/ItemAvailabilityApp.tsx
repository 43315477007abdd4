import * as React from 'react';
import { Text, type Theme } from '@fluentui/react-components';
import { RequestKind } from '../../../domain/schema';
import { atLocation, availabilityAsOf, availabilityStatus, earliestAvailableDate, isSoldFromStock, sortLocations, totalAvailable } from '../../../domain/availability';
import { ControlShell } from '../../shared/components/ControlShell';
import { FreshnessBar } from '../../shared/components/FreshnessBar';
import { beforeData, reloadProblem } from '../../shared/components/BeforeData';
import { Notice } from '../../shared/components/Notice';
import { StatusNotices } from '../../shared/components/StatusNotices';
import { SwitchedOffNotice } from '../../shared/components/SwitchedOffNotice';
import { Formatter } from '../../../domain/format';
import { isStale } from '../../shared/freshness';
import type { RefreshRequester } from '../../shared/integrationRequests';
import type { RefreshSignal } from '../../shared/refreshSignal';
import type { FormState, RecordRef, Translate } from '../../shared/pcfContext';
import { useRefresh } from '../../shared/useRefresh';
import { useItemAvailability } from '../hooks/useItemAvailability';
import type { AvailabilityReader, ProductAvailabilityFigures } from '../services/AvailabilityReader';
import { AvailabilitySummary } from './AvailabilitySummary';
import { LocationTable, type ShipFromChoice } from './LocationTable';

export interface ItemAvailabilityServices {
  reader: AvailabilityReader;
  requester: RefreshRequester;
  /** Reloads the figures when a command or another tab refreshed them. */
  refreshSignal: RefreshSignal;
  timeoutSeconds: number;
}

/** Which product to show: a saved record, a create form not saved yet, or a line without a product. */
export type ProductTarget = { kind: 'record'; product: RecordRef } | { kind: 'unsaved' } | { kind: 'empty' };

export interface ItemAvailabilityProps {
  services: ItemAvailabilityServices;
  target: ProductTarget;
  requestedQuantity: number | null;
  maxAgeMinutes: number;
  form: FormState;
  t: Translate;
  theme: Theme;
  idPrefix: string;
  /** Bound to the line's ship-from location (order and quote products); null elsewhere. */
  shipFrom?: { value: string | null; onChange: (code: string | null) => void } | null;
  now?: () => number;
}

export function ItemAvailabilityApp(props: ItemAvailabilityProps): React.ReactElement {
  const { services, target, form, t } = props;
  const fmt = React.useMemo(() => new Formatter(form.languageId), [form.languageId]);
  const product = target.kind === 'record' && !form.masked ? target.product : null;
  const state = useItemAvailability(services.reader, product);
  const refresh = useRefresh(services.requester, RequestKind.refreshAvailability, product, state.reload, services.refreshSignal);
  const busy = state.isLoading || refresh.state.phase === 'running';

  const body =
    beforeData({ form, target: target.kind, empty: { state: 'noProduct', textKey: 'NoProduct' }, hasData: !!state.data, error: state.error, reload: state.reload, t }) ??
    (state.data &&
      (state.data.enabled ? (
        <AvailabilityView
          {...props}
          fmt={fmt}
          data={state.data}
          refreshState={refresh.state}
          onRefresh={refresh.start}
          reloadProblem={reloadProblem(form, state.error, state.reload, t)}
        />
      ) : (
        <SwitchedOffNotice t={t} />
      )));
  return (
    <ControlShell theme={props.theme} idPrefix={props.idPrefix} narrow={form.narrow} label={t('ControlLabel')} busy={busy}>
      {body}
    </ControlShell>
  );
}

interface AvailabilityViewProps extends ItemAvailabilityProps {
  fmt: Formatter;
  data: ProductAvailabilityFigures;
  refreshState: ReturnType<typeof useRefresh>['state'];
  onRefresh: () => void;
  reloadProblem: React.ReactNode;
}

function AvailabilityView({ t, fmt, form, data, requestedQuantity, maxAgeMinutes, services, refreshState, onRefresh, reloadProblem, now, shipFrom }: AvailabilityViewProps): React.ReactElement {
  const at = (now ?? Date.now)();
  const stockable = isSoldFromStock(data.productType);
  const linked = !!data.itemNumber || data.locations.length > 0;
  const asOf = availabilityAsOf(data.locations);
  const freshness = (
    <>
      <FreshnessBar
        asOfText={asOf ? t('AsOf', fmt.dateTime(asOf)) : null}
        refreshLabel={t('Refresh')}
        busy={refreshState.phase === 'running'}
        disabled={form.disabled || form.offline}
        onRefresh={onRefresh}
      />
      <StatusNotices
        t={t}
        fmt={fmt}
        refresh={refreshState}
        asOf={asOf}
        stale={isStale(asOf, at, maxAgeMinutes)}
        offline={form.offline}
        timeoutSeconds={services.timeoutSeconds}
        now={at}
      />
      {reloadProblem}
    </>
  );

  if (!linked) return <Notice intent="info" state="notLinked">{t('NotLinked')}</Notice>;
  const status = availabilityStatus(data.locations, requestedQuantity, data.productType);
  if (!stockable) {
    return <AvailabilitySummary t={t} fmt={fmt} itemNumber={data.itemNumber} status={status} available={0} requested={requestedQuantity} unit={null} earliest="now" />;
  }
  if (!data.locations.length) {
    return (
      <>
        <Notice intent="info" state="noData">{t('NoData')}</Notice>
        {freshness}
      </>
    );
  }
  const locations = sortLocations(data.locations);
  const unit = data.locations.find((l) => l.unit)?.unit ?? null;
  // With a ship-from location the answer is that location's: the ERP reserves the line there and nowhere else.
  const chosen = shipFrom?.value?.trim().toUpperCase() || null;
  const judged = chosen ? atLocation(data.locations, chosen) : data.locations;
  const choice: ShipFromChoice | null = shipFrom ? { chosen, disabled: form.disabled || form.offline, onChoose: shipFrom.onChange } : null;
  return (
    <>
      <AvailabilitySummary
        t={t}
        fmt={fmt}
        itemNumber={data.itemNumber}
        status={availabilityStatus(judged, requestedQuantity, data.productType)}
        available={totalAvailable(judged)}
        requested={requestedQuantity}
        unit={unit}
        earliest={earliestAvailableDate(judged, requestedQuantity)}
      />
      {chosen ? <Text data-state="shipFrom">{t('ShipsFrom', chosen)}</Text> : null}
      {/* Bound but empty: Business Central gives the line the order's location (issue 19, finding 11). */}
      {choice && !chosen ? <Text data-state="shipFromNone">{t('ShipFromNone')}</Text> : null}
      <LocationTable t={t} fmt={fmt} locations={locations} narrow={form.narrow} shipFrom={choice} />
      {freshness}
    </>
  );
}
