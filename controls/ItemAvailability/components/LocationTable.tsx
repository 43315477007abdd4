import * as React from 'react';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, ToggleButton, makeStyles, shorthands, tokens } from '@fluentui/react-components';
import { availableAt, type LocationAvailability } from '../../../domain/availability';
import type { Formatter } from '../../../domain/format';
import type { Translate } from '../../shared/pcfContext';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  // Size columns by their content: a fixed layout squeezes location names into four-line cells.
  table: { tableLayout: 'auto' },
  location: { minWidth: '8em' },
  number: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', justifyContent: 'flex-end' },
  list: { listStyleType: 'none', ...shorthands.margin(0), ...shorthands.padding(0), display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  card: {
    ...shorthands.padding(tokens.spacingVerticalXS, tokens.spacingHorizontalS),
    ...shorthands.borderLeft(tokens.strokeWidthThick, 'solid', tokens.colorNeutralStroke1),
  },
  cardTitle: { fontWeight: tokens.fontWeightSemibold },
  grid: { display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: tokens.spacingHorizontalM, ...shorthands.margin(0) },
  term: { color: tokens.colorNeutralForeground3 },
  value: { ...shorthands.margin(0), textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
});

/** Choosing the line's ship-from location; absent where the control is not bound to a line's location column. */
export interface ShipFromChoice {
  /** The chosen location code (upper case), null when the ERP chooses. */
  chosen: string | null;
  disabled: boolean;
  onChoose: (code: string | null) => void;
}

export interface LocationTableProps {
  t: Translate;
  fmt: Formatter;
  locations: LocationAvailability[];
  narrow: boolean;
  shipFrom?: ShipFromChoice | null;
}

const locationLabel = (t: Translate, l: LocationAvailability) =>
  l.locationCode ? (l.locationName && l.locationName !== l.locationCode ? `${l.locationCode} – ${l.locationName}` : l.locationCode) : l.locationName ?? t('NoLocation');

/** A pressed toggle marks the chosen location; pressing it again lets the ERP choose. Rows without a code get none. */
function ShipFromButton({ t, location, shipFrom }: { t: Translate; location: LocationAvailability; shipFrom: ShipFromChoice }): React.ReactElement | null {
  const code = location.locationCode.trim().toUpperCase();
  if (!code) return null;
  const checked = shipFrom.chosen === code;
  return (
    <ToggleButton
      size="small"
      appearance={checked ? 'primary' : 'secondary'}
      checked={checked}
      disabled={shipFrom.disabled}
      aria-label={t('ShipFromLabel', locationLabel(t, location))}
      data-location={code}
      onClick={() => shipFrom.onChoose(checked ? null : code)}
    >
      {checked ? (
        <>
          {/* A mark besides the pressed look and the words, so the choice does not rest on colour alone. */}
          <span aria-hidden="true">✓ </span>
          {t('ShipsFromHere')}
        </>
      ) : (
        t('ShipFromHere')
      )}
    </ToggleButton>
  );
}

/** A row per location; on a narrow container each location becomes a small labelled card instead of a wide row. */
export function LocationTable({ t, fmt, locations, narrow, shipFrom }: LocationTableProps): React.ReactElement {
  const styles = useStyles();
  const columns: { key: string; label: string; value: (l: LocationAvailability) => string }[] = [
    { key: 'onHand', label: t('Col_OnHand'), value: (l) => fmt.quantity(l.onHand) },
    { key: 'reserved', label: t('Col_Reserved'), value: (l) => fmt.quantity(l.reserved) },
    { key: 'incoming', label: t('Col_Incoming'), value: (l) => fmt.quantity(l.incoming) },
    { key: 'available', label: t('Col_Available'), value: (l) => fmt.quantity(availableAt(l)) },
    { key: 'nextReceipt', label: t('Col_NextReceipt'), value: (l) => (l.nextReceiptDate ? fmt.dateOnly(l.nextReceiptDate) : t('NoReceipt')) },
  ];
  if (narrow) {
    return (
      <ul className={styles.list} aria-label={t('LocationsCaption')}>
        {locations.map((l, i) => (
          <li key={`${l.locationCode}-${i}`} className={styles.card}>
            <div className={styles.cardTitle}>{locationLabel(t, l)}</div>
            {shipFrom ? <ShipFromButton t={t} location={l} shipFrom={shipFrom} /> : null}
            <dl className={styles.grid}>
              {columns.map((c) => (
                <React.Fragment key={c.key}>
                  <dt className={styles.term}>{c.label}</dt>
                  <dd className={styles.value}>{c.value(l)}</dd>
                </React.Fragment>
              ))}
            </dl>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div className={styles.scroll}>
      <Table size="small" aria-label={t('LocationsCaption')} className={styles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('Col_Location')}</TableHeaderCell>
            {columns.map((c) => (
              <TableHeaderCell key={c.key} scope="col" className={styles.number}>
                {c.label}
              </TableHeaderCell>
            ))}
            {shipFrom ? <TableHeaderCell scope="col">{t('Col_ShipFrom')}</TableHeaderCell> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {locations.map((l, i) => (
            <TableRow key={`${l.locationCode}-${i}`}>
              <TableCell className={styles.location}>{locationLabel(t, l)}</TableCell>
              {columns.map((c) => (
                <TableCell key={c.key} className={styles.number}>
                  {c.value(l)}
                </TableCell>
              ))}
              {shipFrom ? (
                <TableCell>
                  <ShipFromButton t={t} location={l} shipFrom={shipFrom} />
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
