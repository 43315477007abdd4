/// <reference types="powerapps-component-framework" />
/**
 * Loads the real production bundle.js of a control from the imported solution, the way the platform does: the
 * platform libraries are globals (Reactv16, FluentUIReactv940…) and the bundle calls
 * ComponentFramework.registerControl('<namespace>.<constructor>', Class).
 */
import type { ControlDef } from '../../shared/model';
import { preloadResx } from '../host/resx';

export type ControlClass = new () => ComponentFramework.ReactControl<Record<string, unknown>, Record<string, unknown>> | ComponentFramework.StandardControl<Record<string, unknown>, Record<string, unknown>>;

const registered = new Map<string, ControlClass>();
const waiting = new Map<string, ((c: ControlClass) => void)[]>();
const loading = new Map<string, Promise<ControlClass>>();

export function installRegistry(): void {
  (window as unknown as { ComponentFramework: unknown }).ComponentFramework = {
    registerControl(name: string, ctor: ControlClass) {
      registered.set(name, ctor);
      for (const resolve of waiting.get(name) ?? []) resolve(ctor);
      waiting.delete(name);
    },
  };
}

export const controlUrl = (def: ControlDef, file: string): string => `/Controls/${def.folder.replace(/^Controls\//, '')}/${file}`;

export function loadControl(def: ControlDef): Promise<ControlClass> {
  const known = registered.get(def.name);
  if (known) return Promise.resolve(known);
  let p = loading.get(def.name);
  if (!p) {
    p = new Promise<ControlClass>((resolve, reject) => {
      waiting.set(def.name, [...(waiting.get(def.name) ?? []), resolve]);
      const script = document.createElement('script');
      script.src = controlUrl(def, def.code);
      script.async = true;
      script.dataset.control = def.name;
      script.onerror = () => reject(new Error(`The bundle of control ${def.name} could not be loaded from the solution.`));
      script.onload = () => {
        // A bundle built without registerControl support leaves the class on a global instead.
        if (!registered.has(def.name)) {
          const [ns, ctor] = def.name.split('.');
          const fromGlobal = (window as unknown as Record<string, Record<string, ControlClass> | undefined>)[ns]?.[ctor];
          if (fromGlobal) resolve(fromGlobal);
          else reject(new Error(`The bundle of control ${def.name} loaded but did not register the control.`));
        }
      };
      document.head.appendChild(script);
    });
    loading.set(def.name, p);
  }
  return p;
}

/** The control's strings in the user's language (falls back to 1033, as the platform does). */
export async function controlStrings(def: ControlDef, lcid: number): Promise<Map<string, string>> {
  const path = def.resx[String(lcid)] ?? def.resx['1033'];
  if (!path) return new Map();
  return preloadResx(controlUrl(def, path));
}
