/** Left navigation (site map), a list of links grouped by area, collapsible, current page marked with aria-current. */
import * as React from 'react';
import { Button, Text, Tooltip, makeStyles, mergeClasses, shorthands, tokens } from '@fluentui/react-components';
import {
  BuildingRegular, PersonRegular, BoxRegular, DocumentTextRegular, ReceiptRegular, CartRegular, ArrowSyncRegular, LinkRegular,
  PlugConnectedRegular, TaskListLtrRegular, BuildingFactoryRegular, NavigationRegular, SettingsRegular,
} from '@fluentui/react-icons';
import { useServices } from '../app/services';
import { hrefFor, type Route } from '../app/router';
import { t } from '../i18n';
import { siteMap, type SiteMapItem } from './siteMap';

const icons: Record<SiteMapItem['icon'], React.ReactElement> = {
  account: <BuildingRegular />,
  contact: <PersonRegular />,
  product: <BoxRegular />,
  quote: <DocumentTextRegular />,
  order: <CartRegular />,
  invoice: <ReceiptRegular />,
  request: <TaskListLtrRegular />,
  sync: <ArrowSyncRegular />,
  coupling: <LinkRegular />,
  connection: <PlugConnectedRegular />,
  erp: <BuildingFactoryRegular />,
  settings: <SettingsRegular />,
};

const useStyles = makeStyles({
  nav: {
    width: '248px',
    flexShrink: 0,
    backgroundColor: tokens.colorNeutralBackground3,
    ...shorthands.borderRight('1px', 'solid', tokens.colorNeutralStroke2),
    overflowY: 'auto',
    ...shorthands.padding(tokens.spacingVerticalS, 0),
  },
  collapsed: { width: '48px' },
  toggle: { marginLeft: tokens.spacingHorizontalXS, marginBottom: tokens.spacingVerticalXS },
  group: { marginBottom: tokens.spacingVerticalM },
  groupTitle: {
    display: 'block',
    ...shorthands.padding(tokens.spacingVerticalXS, tokens.spacingHorizontalL),
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground3,
  },
  list: { listStyleType: 'none', ...shorthands.margin(0), ...shorthands.padding(0) },
  link: {
    display: 'flex',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    height: '36px',
    ...shorthands.padding(0, tokens.spacingHorizontalL),
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    fontSize: tokens.fontSizeBase300,
    position: 'relative',
    ':hover': { backgroundColor: tokens.colorNeutralBackground3Hover },
    ':focus-visible': { outlineStyle: 'solid', outlineWidth: '2px', outlineColor: tokens.colorStrokeFocus2, outlineOffset: '-2px' },
    '& svg': { fontSize: '20px', flexShrink: 0, color: tokens.colorNeutralForeground2 },
  },
  current: {
    backgroundColor: tokens.colorNeutralBackground1,
    fontWeight: tokens.fontWeightSemibold,
    '::before': { content: '""', position: 'absolute', left: 0, top: '6px', bottom: '6px', width: '3px', backgroundColor: tokens.colorBrandBackground, borderRadius: '2px' },
    '& svg': { color: tokens.colorBrandForeground1 },
  },
  linkText: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  linkCollapsed: { ...shorthands.padding(0, tokens.spacingHorizontalM) },
});

function isCurrent(item: SiteMapItem, route: Route): boolean {
  if (item.icon === 'erp') return route.page === 'erp';
  if (item.webResource) return route.page === 'webresource' && route.name === item.webResource;
  return (route.page === 'list' || route.page === 'form') && route.entity === item.entity;
}

export function Nav({ route }: { route: Route }): React.ReactElement {
  const s = useStyles();
  const { meta, manifest, privileges } = useServices();
  const shown = (item: SiteMapItem) =>
    (!item.entity || meta.has(item.entity)) && (!item.webResource || manifest.webResources.some((w) => w.name === item.webResource)) && (!item.privilege || !privileges || privileges.has(item.privilege));
  const [collapsed, setCollapsed] = React.useState(false);
  return (
    <nav className={mergeClasses(s.nav, collapsed && s.collapsed)} aria-label={t('nav.label')}>
      <Button
        className={s.toggle}
        appearance="subtle"
        icon={<NavigationRegular />}
        aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
        aria-expanded={!collapsed}
        onClick={() => setCollapsed((c) => !c)}
      />
      {siteMap.filter((group) => group.items.some(shown)).map((group) => (
        <div key={group.id} className={s.group} role="group" aria-labelledby={`nav-group-${group.id}`}>
          {!collapsed && (
            <Text id={`nav-group-${group.id}`} className={s.groupTitle}>
              {t(group.titleKey)}
            </Text>
          )}
          <ul className={s.list}>
            {group.items
              .filter(shown)
              .map((item) => {
                const title = item.entity ? meta.collectionLabel(item.entity) : t(item.titleKey!);
                const href = item.entity ? hrefFor.list(item.entity) : item.webResource ? hrefFor.webResource(item.webResource) : hrefFor.erp();
                const current = isCurrent(item, route);
                const link = (
                  <a href={href} className={mergeClasses(s.link, current && s.current, collapsed && s.linkCollapsed)} aria-current={current ? 'page' : undefined} data-testid={`nav-${item.id}`} aria-label={collapsed ? title : undefined}>
                    {icons[item.icon]}
                    {!collapsed && <span className={s.linkText} title={title}>{title}</span>}
                  </a>
                );
                return <li key={item.id}>{collapsed ? <Tooltip content={title} relationship="label" positioning="after">{link}</Tooltip> : link}</li>;
              })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
