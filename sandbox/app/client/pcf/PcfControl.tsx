/// <reference types="powerapps-component-framework" />
/**
 * Hosts one instance of a real built control on a form: init once, updateView on every change of the record, of
 * the allocated width (when the control tracks resizing), of the disabled state, or when the control calls
 * factory.requestRender; getOutputs written back to the bound columns; destroy on unmount. Virtual (React) controls
 * return their element from updateView and are rendered inside the page's React tree, like the platform does.
 */
import * as React from 'react';
import { MessageBar, MessageBarBody, Skeleton, SkeletonItem } from '@fluentui/react-components';
import type { ControlDef } from '../../shared/model';
import type { Metadata } from '../data/metadata';
import type { DataverseClient } from '../data/webApi';
import type { SessionInfo } from '../host/session';
import type { FormModel, FieldValue } from '../form/formModel';
import { buildContext, type Binding, type HostState } from './context';
import { controlStrings, loadControl, type ControlClass } from './registry';
import { t } from '../i18n';
import { themes, useThemeChoice } from '../shell/theme';

export interface PcfControlProps {
  def: ControlDef;
  bindings: Record<string, Binding>;
  form: FormModel;
  meta: Metadata;
  client: DataverseClient;
  session: SessionInfo;
  disabled: boolean;
  label: string;
  /** Changes whenever the record changes (FormModel.version), so the control gets updateView. */
  version: number;
}

type Instance = ComponentFramework.ReactControl<Record<string, unknown>, Record<string, unknown>> & Partial<ComponentFramework.StandardControl<Record<string, unknown>, Record<string, unknown>>>;

class ControlBoundary extends React.Component<{ name: string; children: React.ReactNode }, { error: string | null }> {
  state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  render() {
    if (this.state.error) {
      return (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{t('error.unexpected', `${this.props.name}: ${this.state.error}`)}</MessageBarBody>
        </MessageBar>
      );
    }
    return this.props.children;
  }
}

function PcfControlInner(props: PcfControlProps): React.ReactElement {
  const { def, session } = props;
  const [loaded, setLoaded] = React.useState<{ cls: ControlClass; strings: Map<string, string> } | null>(null);
  const [loadError, setLoadError] = React.useState<string | null>(null);
  const [renderTick, setRenderTick] = React.useState(0);
  const [width, setWidth] = React.useState(0);
  const tracking = React.useRef(false);
  const wrapper = React.useRef<HTMLDivElement>(null);
  const standardContainer = React.useRef<HTMLDivElement>(null);
  const instance = React.useRef<Instance | null>(null);
  const lastRaw = React.useRef<Record<string, string>>({});
  const propsRef = React.useRef(props);
  // The host's theme (the sandbox's switch), handed to the control as Power Apps does: fluentDesignLanguage.
  const theme = themes[useThemeChoice().name];
  propsRef.current = props;

  React.useEffect(() => {
    let alive = true;
    Promise.all([loadControl(def), controlStrings(def, session.lcid)])
      .then(([cls, strings]) => alive && setLoaded({ cls, strings }))
      .catch((e: unknown) => alive && setLoadError(e instanceof Error ? e.message : String(e)));
    return () => {
      alive = false;
    };
  }, [def, session.lcid]);

  // Allocated width: measured for controls that asked for it (trackContainerResize(true)).
  React.useEffect(() => {
    const el = wrapper.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.round(entries[0].contentRect.width);
      if (tracking.current) setWidth(w);
    });
    ro.observe(el);
    setWidth(Math.round(el.getBoundingClientRect().width));
    return () => ro.disconnect();
  }, [loaded]);

  const hostState: HostState = {
    allocatedWidth: tracking.current ? width : -1,
    allocatedHeight: -1,
    disabled: props.disabled,
    visible: true,
    theme: theme.theme,
    isDarkTheme: theme.isDark,
    label: props.label,
  };

  const deps = React.useMemo(
    () => ({
      control: def,
      bindings: props.bindings,
      form: props.form,
      meta: props.meta,
      client: props.client,
      session,
      strings: loaded?.strings ?? new Map<string, string>(),
      requestRender: () => setRenderTick((n) => n + 1),
      onTrackResize: (track: boolean) => {
        tracking.current = track;
        if (track && wrapper.current) setWidth(Math.round(wrapper.current.getBoundingClientRect().width));
      },
    }),
    [def, props.bindings, props.form, props.meta, props.client, session, loaded],
  );

  const updated = (): string[] => {
    const names: string[] = [];
    for (const [prop, b] of Object.entries(props.bindings)) {
      if (!b.attribute) continue;
      const raw = JSON.stringify(props.form.get(b.attribute) ?? null);
      if (lastRaw.current[prop] !== raw) names.push(prop);
      lastRaw.current[prop] = raw;
    }
    return names;
  };

  // init once the class and strings are there; destroy on unmount.
  React.useEffect(() => {
    if (!loaded) return;
    const inst = new loaded.cls() as Instance;
    const notifyOutputChanged = () => {
      const outputs = (inst.getOutputs?.() ?? {}) as Record<string, unknown>;
      const p = propsRef.current;
      for (const [prop, value] of Object.entries(outputs)) {
        const attr = p.bindings[prop]?.attribute;
        if (attr) p.form.set(attr, (value ?? null) as FieldValue, true);
      }
    };
    const ctx = buildContext(deps, hostState, Object.keys(props.bindings));
    inst.init(ctx, notifyOutputChanged, {}, standardContainer.current ?? undefined as unknown as HTMLDivElement);
    instance.current = inst;
    setRenderTick((n) => n + 1);
    return () => {
      instance.current = null;
      try {
        inst.destroy();
      } catch {
        /* a control failing in destroy must not break navigation */
      }
    };
  }, [loaded]);

  const isVirtual = def.controlType === 'virtual';
  let element: React.ReactElement | null = null;
  if (loaded && instance.current && isVirtual) {
    const ctx = buildContext(deps, hostState, updated());
    element = (instance.current.updateView(ctx) as React.ReactElement) ?? null;
  }

  // Standard (DOM) controls render themselves into their container.
  React.useEffect(() => {
    if (!loaded || !instance.current || isVirtual) return;
    instance.current.updateView(buildContext(deps, hostState, updated()));
  });

  if (loadError) {
    return (
      <MessageBar intent="error" role="alert">
        <MessageBarBody>{loadError}</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <div ref={wrapper} className="pcf-host" data-control={def.name} data-render={renderTick} data-version={props.version}>
      {!loaded && (
        <Skeleton aria-label={t('app.loading')}>
          <SkeletonItem size={16} />
          <SkeletonItem size={16} />
        </Skeleton>
      )}
      {isVirtual ? element : <div ref={standardContainer} />}
    </div>
  );
}

export function PcfControl(props: PcfControlProps): React.ReactElement {
  return (
    <ControlBoundary name={props.def.name}>
      <PcfControlInner {...props} />
    </ControlBoundary>
  );
}
