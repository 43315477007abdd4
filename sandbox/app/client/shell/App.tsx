/** The app frame: skip link, app bar, site map, the routed page, and the host's modal layer. */
import * as React from 'react';
import { FluentProvider, makeStyles, tokens } from '@fluentui/react-components';
import { ServicesContext, type AppServices } from '../app/services';
import { useRoute, hrefFor } from '../app/router';
import { DialogHost } from '../host/DialogHost';
import { ErpConsole } from '../erp/ErpConsole';
import { FormPage } from '../form/FormPage';
import { GridPage } from '../grid/GridPage';
import { t } from '../i18n';
import { Header } from './Header';
import { Nav } from './Nav';
import { ThemeContext, themes, useThemeState } from './theme';

const useStyles = makeStyles({
  root: { height: '100vh', display: 'flex', flexDirection: 'column', backgroundColor: tokens.colorNeutralBackground2, fontFamily: tokens.fontFamilyBase },
  body: { display: 'flex', flexGrow: 1, minHeight: 0 },
  main: { flexGrow: 1, minWidth: 0, display: 'flex', flexDirection: 'column', outlineStyle: 'none' },
  skip: {
    position: 'absolute',
    left: '-9999px',
    top: '8px',
    zIndex: 1000,
    ':focus': { left: '8px', backgroundColor: tokens.colorNeutralBackground1, padding: '8px', borderRadius: tokens.borderRadiusMedium },
  },
});

export function App({ services }: { services: AppServices }): React.ReactElement {
  const s = useStyles();
  const route = useRoute();
  const theme = useThemeState();
  React.useEffect(() => {
    if (route.page === 'home') window.location.replace(hrefFor.list('account'));
  }, [route.page]);
  let page: React.ReactNode = null;
  if (route.page === 'list' && services.meta.has(route.entity)) page = <GridPage key={route.entity} entity={route.entity} viewId={route.viewId} />;
  else if (route.page === 'form' && services.meta.has(route.entity)) page = <FormPage key={`${route.entity}/${route.id}`} entity={route.entity} id={route.id} />;
  else if (route.page === 'new' && services.meta.has(route.entity)) page = <FormPage key={`${route.entity}/new`} entity={route.entity} id={null} />;
  else if (route.page === 'webresource') page = <iframe title={t('nav.erpSetup')} src={`/WebResources/${route.name}`} style={{ border: 0, width: '100%', height: '100%' }} data-testid="webresource-frame" />;
  else if (route.page === 'erp') page = <ErpConsole key={`${route.tab}-${route.focus}`} tab={route.tab} focus={route.focus} />;
  return (
    <ThemeContext.Provider value={theme}>
    <FluentProvider theme={themes[theme.name].theme} lang={services.session.lcid === 1036 ? 'fr' : 'en'} data-theme={theme.name}>
      <ServicesContext.Provider value={services}>
        <div className={s.root}>
          <a href="#main" className={s.skip} onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
            {t('app.skipToContent')}
          </a>
          <Header />
          <div className={s.body}>
            <Nav route={route} />
            <main id="main" className={s.main} tabIndex={-1}>
              {page}
            </main>
          </div>
          <DialogHost />
        </div>
      </ServicesContext.Provider>
    </FluentProvider>
    </ThemeContext.Provider>
  );
}
