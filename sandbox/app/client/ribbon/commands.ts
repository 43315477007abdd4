/**
 * Runs a table's RibbonDiffXml the way Unified Interface does: display rules and enable rules (all AND-ed, OrRule
 * for OR, CustomRule may return a Promise and times out after 10 s to its Default), a command whose rules fail is
 * hidden (UCI hides disabled commands), actions call the web resource function with its CrmParameters.
 */
import type { RibbonButton, RibbonModel, RibbonParameter, RibbonRuleStep } from '../../shared/model';
import { dialogs } from '../host/dialogs';
import type { SessionInfo } from '../host/session';
import { language, t } from '../i18n';
import type { FormModel } from '../form/formModel';
import { webResourceUrl } from '../xrm/xrm';

const CUSTOM_RULE_TIMEOUT_MS = 10_000;

const libraries = new Map<string, Promise<void>>();

/** Loads a JS web resource once (a script tag, as the platform does). */
export function loadWebResource(name: string, available: (name: string) => boolean = () => true): Promise<void> {
  let p = libraries.get(name);
  if (!p) {
    p = new Promise<void>((resolve, reject) => {
      if (!available(name)) {
        reject(new Error(`Web resource ${name} is not in the imported solution.`));
        return;
      }
      const s = document.createElement('script');
      s.src = webResourceUrl(name);
      s.dataset.webresource = name;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error(`Web resource ${name} could not be loaded.`));
      document.head.appendChild(s);
    });
    libraries.set(name, p);
    p.catch(() => libraries.delete(name));
  }
  return p;
}

/** `ErpLink.SalesOrder.submitToErp` → the function on window, bound to its owner object. */
export function resolveFunction(path: string): ((...args: unknown[]) => unknown) | null {
  const parts = path.split('.');
  let owner: unknown = window;
  let value: unknown = window;
  for (const p of parts) {
    owner = value;
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[p] : undefined;
    if (value === undefined) return null;
  }
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(owner) : null;
}

export interface CommandContext {
  form: FormModel;
  formContext: Xrm.FormContext;
  session: SessionInfo;
  hasLibrary: (name: string) => boolean;
  /** "verb:table" privileges of the signed-in user (lower case), when the server could compute them. */
  privileges?: Set<string>;
  /** Rows selected in a grid (the page's grids have no selection yet: none). */
  selectedCount?: number;
}

export function resolveLabel(model: RibbonModel, text: string | undefined): string {
  if (!text) return '';
  const m = /^\$LocLabels:(.+)$/.exec(text);
  if (!m) return text;
  const titles = model.locLabels[m[1]];
  if (!titles) return m[1];
  return titles[String(language())] ?? titles['1033'] ?? Object.values(titles)[0] ?? m[1];
}

function parameterValue(p: RibbonParameter, ctx: CommandContext): unknown {
  if (p.kind === 'string') return p.value;
  if (p.kind === 'bool') return p.value.toLowerCase() === 'true';
  if (p.kind === 'int') return parseInt(p.value, 10);
  if (p.kind === 'decimal') return Number(p.value);
  const id = ctx.form.id ? `{${ctx.form.id.toUpperCase()}}` : '';
  switch (p.value) {
    case 'PrimaryControl':
    case 'SelectedControl':
      return ctx.formContext;
    case 'PrimaryEntityTypeName':
    case 'SelectedEntityTypeName':
      return ctx.form.entity;
    case 'FirstPrimaryItemId':
    case 'FirstSelectedItemId':
      return id;
    case 'PrimaryItemIds':
    case 'SelectedControlSelectedItemIds':
      return id ? [id] : [];
    case 'PrimaryControlId':
      return 'form';
    case 'UserLcid':
      return ctx.session.lcid;
    case 'OrgLcid':
      return ctx.session.orgLcid;
    case 'OrgName':
      return ctx.session.orgName;
    case 'CommandProperties':
      return {};
    default:
      return null;
  }
}

async function callFunction(library: string, functionName: string, parameters: RibbonParameter[], ctx: CommandContext): Promise<unknown> {
  await loadWebResource(library, ctx.hasLibrary);
  const fn = resolveFunction(functionName);
  if (!fn) throw new Error(`${functionName} is not defined by ${library}.`);
  return fn(...parameters.map((p) => parameterValue(p, ctx)));
}

function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}

async function evaluateStep(step: RibbonRuleStep, ctx: CommandContext): Promise<boolean> {
  let result: boolean;
  switch (step.kind) {
    case 'formState': {
      const created = !!ctx.form.id;
      const readOnly = ctx.form.isReadOnly();
      const state = step.state.toLowerCase();
      result = state === 'create' ? !created : state === 'existing' ? created && !readOnly : state === 'readonly' ? created && readOnly : false;
      break;
    }
    case 'value': {
      const v = ctx.form.get(step.field);
      const text = v === null || v === undefined ? 'null' : Array.isArray(v) ? (v[0]?.id ?? 'null') : v instanceof Date ? v.toISOString() : String(v);
      result = text.toLowerCase() === step.value.toLowerCase();
      break;
    }
    case 'custom': {
      const run = callFunction(step.library, step.functionName, step.parameters, ctx).then((v) => (v === undefined ? step.default : v === true));
      result = await withTimeout(run, CUSTOM_RULE_TIMEOUT_MS, step.default);
      break;
    }
    case 'entityPrivilege':
    case 'recordPrivilege': {
      // Privileges come as "verb:table" (e.g. "create:erp_integrationrequest"), computed by the page server from the
      // user's roles; without them the rule cannot be judged and keeps the platform's permissive default.
      if (!ctx.privileges) {
        result = true;
        break;
      }
      const entity = step.kind === 'entityPrivilege' && step.entityName ? step.entityName.toLowerCase() : ctx.form.entity;
      result = ctx.privileges.has(`${step.privilegeType}:${entity}`.toLowerCase());
      break;
    }
    case 'formEntityContext':
      result = ctx.form.entity === step.entityName.toLowerCase();
      break;
    case 'crmClientType':
      result = step.type.toLowerCase() === 'web' || step.type.toLowerCase() === 'refresh';
      break;
    case 'selectionCount': {
      const n = ctx.selectedCount ?? 0;
      result = n >= step.minimum && (step.maximum === null || n <= step.maximum);
      break;
    }
    case 'or': {
      result = false;
      for (const group of step.groups) {
        const all = await Promise.all(group.map((s) => evaluateStep(s, ctx)));
        if (all.every(Boolean)) {
          result = true;
          break;
        }
      }
      break;
    }
    default:
      result = step.default;
  }
  return step.invert ? !result : result;
}

async function evaluateRules(ids: string[], rules: RibbonModel['enableRules'], ctx: CommandContext): Promise<boolean> {
  for (const id of ids) {
    const rule = rules[id];
    // A rule from the platform's own ribbon (Mscrm.*) is not in the diff: it does not restrict a form command here.
    if (!rule) continue;
    const results = await Promise.all(rule.steps.map((s) => evaluateStep(s, ctx)));
    if (!results.every(Boolean)) return false;
  }
  return true;
}

export interface ButtonState {
  button: RibbonButton;
  label: string;
  tooltip: string;
  visible: boolean;
}

/** The form's command bar buttons: only the form locations of this table, in sequence order. */
export async function evaluateButtons(model: RibbonModel, ctx: CommandContext): Promise<ButtonState[]> {
  const formButtons = model.buttons.filter((b) => new RegExp(`^Mscrm\\.Form\\.${ctx.form.entity}\\.`, 'i').test(b.location) && !model.hidden.includes(b.id));
  return Promise.all(
    formButtons.map(async (button) => {
      const command = model.commands[button.command];
      const visible = command ? (await evaluateRules(command.displayRules, model.displayRules, ctx)) && (await evaluateRules(command.enableRules, model.enableRules, ctx)) : false;
      return {
        button,
        label: resolveLabel(model, button.labelText),
        tooltip: resolveLabel(model, button.toolTipDescription ?? button.alt ?? button.labelText),
        visible,
      };
    }),
  );
}

/** Runs a command's actions; a failure is shown in an error dialog, as the platform does. */
export async function runCommand(model: RibbonModel, commandId: string, ctx: CommandContext): Promise<void> {
  const command = model.commands[commandId];
  if (!command) return;
  for (const action of command.actions) {
    try {
      if (action.kind === 'js') await callFunction(action.library, action.functionName, action.parameters, ctx);
      else window.open(action.address, '_blank', 'noopener');
    } catch (e) {
      dialogs.closeProgress();
      await dialogs.error({ message: t('command.failed', e instanceof Error ? e.message : String(e)), details: e instanceof Error ? e.stack : undefined });
    }
  }
}
