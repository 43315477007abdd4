/** The app bar: app name, connector switch, language and user switchers (both reload the page, like a new sign-in). */
import * as React from 'react';
import {
  Avatar, Button, Menu, MenuItemRadio, MenuList, MenuPopover, MenuTrigger, Text, Tooltip, makeStyles, shorthands, tokens, MenuGroup, MenuGroupHeader,
} from '@fluentui/react-components';
import { GlobeRegular, PlugConnectedRegular, PlugDisconnectedRegular, GridDotsRegular } from '@fluentui/react-icons';
import { ThemeSwitch } from './ThemeSwitch';
import { useServices } from '../app/services';
import { sandboxFetch } from '../host/sandboxApi';
import { dialogs } from '../host/dialogs';
import { label, t } from '../i18n';

const useStyles = makeStyles({
  bar: {
    height: '48px',
    display: 'flex',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    ...shorthands.padding(0, tokens.spacingHorizontalM),
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    flexShrink: 0,
  },
  title: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, color: tokens.colorNeutralForegroundOnBrand },
  subtitle: {
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForegroundOnBrand,
    ...shorthands.padding('2px', tokens.spacingHorizontalS),
    ...shorthands.border('1px', 'solid', 'rgba(255,255,255,0.6)'),
    borderRadius: tokens.borderRadiusMedium,
  },
  spacer: { flexGrow: 1 },
  onBrand: {
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: tokens.colorBrandBackgroundHover },
    ':hover:active': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: tokens.colorBrandBackgroundPressed },
  },
  userButton: { display: 'flex', alignItems: 'center', columnGap: tokens.spacingHorizontalS },
  userText: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', lineHeight: tokens.lineHeightBase200 },
  userName: { color: tokens.colorNeutralForegroundOnBrand, fontSize: tokens.fontSizeBase300 },
  userRole: { color: tokens.colorNeutralForegroundOnBrand, fontSize: tokens.fontSizeBase100, opacity: 0.85 },
});

export function Header(): React.ReactElement {
  const s = useStyles();
  const { session } = useServices();
  const [connector, setConnector] = React.useState(session.connector);
  const me = session.users.find((u) => u.key === session.user.key);

  const switchTo = async (body: { user?: string; lcid?: number }) => {
    await sandboxFetch('session', { body });
    window.location.reload();
  };

  const toggleConnector = async () => {
    try {
      const next = await sandboxFetch<{ available: boolean; running: boolean }>(`connector/${connector.running ? 'stop' : 'start'}`, { body: {} });
      setConnector(next);
    } catch (e) {
      await dialogs.error({ message: t('error.unexpected', e instanceof Error ? e.message : String(e)) });
    }
  };

  return (
    <header className={s.bar} role="banner">
      <GridDotsRegular fontSize={20} aria-hidden />
      <Text as="h1" className={s.title}>
        {t('app.title')}
      </Text>
      <span className={s.subtitle}>{t('app.subtitle')}</span>
      <span className={s.spacer} />
      <Tooltip content={connector.available ? (connector.running ? t('header.connector.stop') : t('header.connector.start')) : t('header.connector.unavailable')} relationship="description">
        <Button
          appearance="transparent"
          className={s.onBrand}
          icon={connector.running ? <PlugConnectedRegular /> : <PlugDisconnectedRegular />}
          disabled={!connector.available}
          onClick={toggleConnector}
          aria-pressed={connector.running}
          data-testid="connector-toggle"
        >
          {connector.running ? t('header.connector.running') : t('header.connector.stopped')}
        </Button>
      </Tooltip>
      <ThemeSwitch className={s.onBrand} />
      <Menu checkedValues={{ lang: [String(session.lcid)] }} onCheckedValueChange={(_, d) => switchTo({ lcid: Number(d.checkedItems[0]) })}>
        <MenuTrigger disableButtonEnhancement>
          <Button appearance="transparent" className={s.onBrand} icon={<GlobeRegular />} aria-label={t('header.language')} data-testid="language-menu">
            {session.lcid === 1036 ? 'FR' : 'EN'}
          </Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            <MenuItemRadio name="lang" value="1033" lang="en">
              {t('lang.en')}
            </MenuItemRadio>
            <MenuItemRadio name="lang" value="1036" lang="fr">
              {t('lang.fr')}
            </MenuItemRadio>
          </MenuList>
        </MenuPopover>
      </Menu>
      <Menu checkedValues={{ user: [session.user.key] }} onCheckedValueChange={(_, d) => switchTo({ user: d.checkedItems[0] })}>
        <MenuTrigger disableButtonEnhancement>
          <Button appearance="transparent" className={s.onBrand} aria-label={`${t('header.switchUser')}: ${session.user.fullName}`} data-testid="user-menu">
            <span className={s.userButton}>
              <Avatar name={session.user.fullName} size={28} color="colorful" aria-hidden />
              <span className={s.userText}>
                <span className={s.userName}>{session.user.fullName}</span>
                <span className={s.userRole}>{label(me?.description)}</span>
              </span>
            </span>
          </Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            <MenuGroup>
              <MenuGroupHeader>{t('header.switchUser')}</MenuGroupHeader>
              {session.users.map((u) => (
                <MenuItemRadio key={u.key} name="user" value={u.key} secondaryContent={label(u.description)} data-testid={`user-${u.key}`}>
                  {u.fullName}
                </MenuItemRadio>
              ))}
            </MenuGroup>
          </MenuList>
        </MenuPopover>
      </Menu>
    </header>
  );
}
