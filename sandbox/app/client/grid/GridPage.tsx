/**
 * A table's list page: view switcher (the solution's SavedQueries, else the sandbox's standard views), quick search
 * on the primary column, a filter per choice column of the view, sortable columns, paging with nextLink. One Web API
 * request per page, built from the view's FetchXML.
 */
import * as React from 'react';
import {
  Button, Dropdown, Input, Link, MessageBar, MessageBarBody, Option, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow,
  Text, Toolbar, ToolbarButton, makeStyles, shorthands, tokens, Field, Select,
} from '@fluentui/react-components';
import { AddRegular, ArrowClockwiseRegular, SearchRegular } from '@fluentui/react-icons';
import type { ViewDef } from '../../shared/model';
import { buildQueryString, viewToOData } from '../../shared/fetchToOData';
import { useServices } from '../app/services';
import { canCreate } from '../app/permissions';
import { hrefFor, navigate } from '../app/router';
import { displayValue } from '../data/format';
import type { EntityRecord } from '../data/webApi';
import { label, t } from '../i18n';

const PAGE_SIZE = 50;

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 },
  commandBar: { backgroundColor: tokens.colorNeutralBackground1, ...shorthands.borderBottom('1px', 'solid', tokens.colorNeutralStroke2), ...shorthands.padding(0, tokens.spacingHorizontalS) },
  head: { display: 'flex', alignItems: 'flex-end', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalS, ...shorthands.padding(tokens.spacingVerticalM, tokens.spacingHorizontalL) },
  viewPicker: { minWidth: '280px', fontSize: tokens.fontSizeBase500 },
  filters: { display: 'flex', columnGap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  card: {
    ...shorthands.margin(0, tokens.spacingHorizontalL, tokens.spacingVerticalL),
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
    borderRadius: tokens.borderRadiusMedium,
    overflow: 'auto',
    flexGrow: 1,
    minHeight: 0,
  },
  table: { minWidth: '900px', tableLayout: 'fixed' },
  headerCell: { fontWeight: tokens.fontWeightSemibold },
  footer: { display: 'flex', alignItems: 'center', columnGap: tokens.spacingHorizontalM, ...shorthands.padding(tokens.spacingVerticalS, tokens.spacingHorizontalL) },
  empty: { ...shorthands.padding(tokens.spacingVerticalXXL), textAlign: 'center', color: tokens.colorNeutralForeground3 },
  cell: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
});

function defaultView(views: ViewDef[]): ViewDef | undefined {
  const publicViews = views.filter((v) => v.queryType === 0);
  return publicViews.find((v) => v.isDefault) ?? publicViews[0];
}

export function GridPage({ entity, viewId }: { entity: string; viewId?: string }): React.ReactElement {
  const s = useStyles();
  const services = useServices();
  const { meta, client, manifest, session } = services;
  const views = (manifest.views[entity] ?? []).filter((v) => v.queryType === 0);
  const view = views.find((v) => v.id === viewId) ?? defaultView(views);
  const info = meta.entity(entity);
  const [rows, setRows] = React.useState<EntityRecord[]>([]);
  const [nextLink, setNextLink] = React.useState<string | undefined>();
  const [count, setCount] = React.useState<number | undefined>();
  const [loading, setLoading] = React.useState(true);
  const [error, setError] = React.useState<string | null>(null);
  const [search, setSearch] = React.useState('');
  const [appliedSearch, setAppliedSearch] = React.useState('');
  const [filters, setFilters] = React.useState<Record<string, string>>({});
  const [sort, setSort] = React.useState<{ attribute: string; descending: boolean } | null>(null);
  const [reloadTick, setReloadTick] = React.useState(0);

  const columns = view?.columns ?? [{ name: info.primaryName, width: 300 }];
  const choiceColumns = columns.filter((c) => ['picklist', 'status', 'state'].includes(meta.attribute(entity, c.name)?.type ?? '') && (meta.attribute(entity, c.name)?.options?.length ?? 0) > 0);

  React.useEffect(() => {
    setFilters({});
    setSort(null);
    setSearch('');
    setAppliedSearch('');
  }, [entity, view?.id]);

  React.useEffect(() => {
    let alive = true;
    setLoading(true);
    setError(null);
    (async () => {
      try {
        const isLookup = (a: string) => meta.isLookup(entity, a);
        const isNumeric = (a: string) => ['picklist', 'state', 'status', 'integer', 'decimal', 'money', 'double', 'boolean', 'bigint'].includes(meta.attribute(entity, a)?.type ?? '');
        const parts = view ? viewToOData(view, isLookup, isNumeric, session.user.id) : { select: [info.primaryId, info.primaryName], filter: '', orderby: [] };
        if (!parts.select.includes(info.primaryId)) parts.select.push(info.primaryId);
        if (sort) parts.orderby = [`${isLookup(sort.attribute) ? `_${sort.attribute}_value` : sort.attribute} ${sort.descending ? 'desc' : 'asc'}`];
        const extra: string[] = [];
        const term = appliedSearch.trim().replace(/'/g, "''");
        if (term) {
          const searchable = [info.primaryName, ...columns.map((c) => c.name).filter((n) => n !== info.primaryName && meta.attribute(entity, n)?.type === 'string')];
          extra.push(searchable.map((a) => `contains(${a},'${term}')`).join(' or '));
        }
        for (const [attr, value] of Object.entries(filters)) if (value !== '') extra.push(`${attr} eq ${value}`);
        const query = buildQueryString(parts, extra, { $count: 'true' });
        const page = await client.retrieveMultiple(entity, query, PAGE_SIZE);
        if (!alive) return;
        setRows(page.entities);
        setNextLink(page.nextLink);
        setCount(page.count);
      } catch (e) {
        if (alive) setError(e instanceof Error ? e.message : String(e));
      } finally {
        if (alive) setLoading(false);
      }
    })();
    return () => {
      alive = false;
    };
  }, [entity, view?.id, appliedSearch, JSON.stringify(filters), sort?.attribute, sort?.descending, reloadTick]);

  const loadMore = async () => {
    if (!nextLink) return;
    setLoading(true);
    try {
      const page = await client.retrieveMultiple(entity, nextLink, PAGE_SIZE);
      setRows((r) => [...r, ...page.entities]);
      setNextLink(page.nextLink);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setLoading(false);
    }
  };

  const title = view ? label(view.names) : meta.collectionLabel(entity);
  const toggleSort = (attribute: string) =>
    setSort((cur) => (cur?.attribute === attribute ? { attribute, descending: !cur.descending } : { attribute, descending: false }));
  const sortState = (attribute: string) => {
    const active = sort ?? (view?.orders[0] ? { attribute: view.orders[0].attribute, descending: view.orders[0].descending } : null);
    if (active?.attribute !== attribute) return undefined;
    return active.descending ? 'descending' : 'ascending';
  };

  return (
    <div className={s.page} data-testid={`grid-${entity}`}>
      <Toolbar className={s.commandBar} aria-label={t('form.commandBar')}>
        {canCreate(services, entity) && (
          <ToolbarButton icon={<AddRegular />} onClick={() => navigate(hrefFor.newRecord(entity))} data-testid="grid-new">
            {t('grid.new')}
          </ToolbarButton>
        )}
        <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => setReloadTick((n) => n + 1)}>
          {t('grid.refresh')}
        </ToolbarButton>
      </Toolbar>
      <div className={s.head}>
        {views.length > 1 ? (
          <Field label={t('grid.view')}>
            <Dropdown
              className={s.viewPicker}
              value={title}
              selectedOptions={view ? [view.id] : []}
              onOptionSelect={(_, d) => d.optionValue && navigate(hrefFor.list(entity, d.optionValue))}
              data-testid="view-picker"
            >
              {views.map((v) => (
                <Option key={v.id} value={v.id}>
                  {label(v.names)}
                </Option>
              ))}
            </Dropdown>
          </Field>
        ) : (
          <Text as="h2" size={600} weight="semibold">
            {title}
          </Text>
        )}
        <div className={s.filters}>
          <Field label={t('grid.search')}>
            <Input
              contentBefore={<SearchRegular />}
              placeholder={t('grid.searchPlaceholder')}
              value={search}
              onChange={(_, d) => setSearch(d.value)}
              onKeyDown={(e) => e.key === 'Enter' && setAppliedSearch(search)}
              onBlur={() => setAppliedSearch(search)}
              data-testid="grid-search"
            />
          </Field>
          {choiceColumns.map((c) => {
            const attr = meta.attribute(entity, c.name)!;
            return (
              <Field key={c.name} label={`${t('grid.filter')}: ${meta.attributeLabel(entity, c.name)}`}>
                <Select value={filters[c.name] ?? ''} onChange={(_, d) => setFilters((f) => ({ ...f, [c.name]: d.value }))} data-testid={`grid-filter-${c.name}`}>
                  <option value="">{t('grid.filterAll')}</option>
                  {attr.options!.map((o) => (
                    <option key={o.value} value={String(o.value)}>
                      {label(o.labels, String(o.value))}
                    </option>
                  ))}
                </Select>
              </Field>
            );
          })}
        </div>
      </div>
      {error && (
        <MessageBar intent="error" role="alert" style={{ margin: '0 16px 8px' }}>
          <MessageBarBody>{t('grid.error', error)}</MessageBarBody>
        </MessageBar>
      )}
      <div className={s.card}>
        <Table className={s.table} aria-label={title} size="small" sortable>
          <TableHeader>
            <TableRow>
              {columns.map((c) => (
                <TableHeaderCell
                  key={c.name}
                  style={{ width: `${c.width}px` }}
                  className={s.headerCell}
                  sortDirection={sortState(c.name)}
                  onClick={() => toggleSort(c.name)}
                >
                  {meta.attributeLabel(entity, c.name)}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => {
              const id = String(r[info.primaryId] ?? '');
              return (
                <TableRow key={id} data-testid="grid-row" data-id={id}>
                  {columns.map((c, i) => {
                    const text = displayValue(meta, entity, c.name, r);
                    return (
                      <TableCell key={c.name} className={s.cell} title={text}>
                        {i === 0 || c.name === info.primaryName ? (
                          <Link href={hrefFor.form(entity, id)} aria-label={t('grid.openRecord', text || id)}>
                            {text || id}
                          </Link>
                        ) : (
                          text
                        )}
                      </TableCell>
                    );
                  })}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        {!loading && rows.length === 0 && !error && <div className={s.empty}>{t('grid.empty')}</div>}
      </div>
      <div className={s.footer} role="status" aria-live="polite">
        {loading ? <Spinner size="tiny" label={t('app.loading')} /> : <Text>{count !== undefined ? t('grid.count', count) : nextLink ? t('grid.countMore', rows.length) : t('grid.count', rows.length)}</Text>}
        {nextLink && !loading && (
          <Button appearance="secondary" onClick={loadMore}>
            {t('grid.loadMore')}
          </Button>
        )}
      </div>
    </div>
  );
}
