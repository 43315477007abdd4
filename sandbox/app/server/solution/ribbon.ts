/**
 * RibbonDiffXml of one table → the JSON model the page renders as a command bar. Only what the RibbonCore schema
 * allows in a diff is read: CustomActions (buttons), HideCustomActions, CommandDefinitions, RuleDefinitions, LocLabels.
 */
import { childElements, firstChild, type Element } from '../../../../solution/tools/xml';
import type { RibbonAction, RibbonButton, RibbonCommand, RibbonModel, RibbonParameter, RibbonRule, RibbonRuleStep } from '../../shared/model';

const WEBRESOURCE_PREFIX = '$webresource:';

const bool = (v: string | null | undefined, fallback: boolean): boolean => (v === null || v === undefined || v === '' ? fallback : v.toLowerCase() === 'true');

function descendants(root: Element, name: string): Element[] {
  const out: Element[] = [];
  const nodes = root.getElementsByTagName(name);
  for (let i = 0; i < nodes.length; i++) out.push(nodes[i] as Element);
  return out;
}

function library(el: Element): string {
  const lib = el.getAttribute('Library') ?? '';
  return lib.startsWith(WEBRESOURCE_PREFIX) ? lib.slice(WEBRESOURCE_PREFIX.length) : lib;
}

function parameters(el: Element): RibbonParameter[] {
  const out: RibbonParameter[] = [];
  for (const p of childElements(el)) {
    const value = p.getAttribute('Value') ?? '';
    switch (p.tagName) {
      case 'CrmParameter':
        out.push({ kind: 'crm', value });
        break;
      case 'StringParameter':
        out.push({ kind: 'string', value });
        break;
      case 'BoolParameter':
        out.push({ kind: 'bool', value });
        break;
      case 'IntParameter':
        out.push({ kind: 'int', value });
        break;
      case 'DecimalParameter':
        out.push({ kind: 'decimal', value });
        break;
      default:
        break;
    }
  }
  return out;
}

function ruleStep(el: Element): RibbonRuleStep {
  const invert = bool(el.getAttribute('InvertResult'), false);
  const dflt = bool(el.getAttribute('Default'), false);
  switch (el.tagName) {
    case 'FormStateRule':
      return { kind: 'formState', state: el.getAttribute('State') ?? '', invert, default: dflt };
    case 'ValueRule':
      return { kind: 'value', field: el.getAttribute('Field') ?? '', value: el.getAttribute('Value') ?? '', invert, default: dflt };
    case 'CustomRule':
      return { kind: 'custom', library: library(el), functionName: el.getAttribute('FunctionName') ?? '', parameters: parameters(el), invert, default: dflt };
    case 'EntityPrivilegeRule':
      return {
        kind: 'entityPrivilege',
        privilegeType: el.getAttribute('PrivilegeType') ?? '',
        privilegeDepth: el.getAttribute('PrivilegeDepth') ?? 'Basic',
        entityName: el.getAttribute('EntityName') ?? undefined,
        invert,
        default: dflt,
      };
    case 'RecordPrivilegeRule':
      return { kind: 'recordPrivilege', privilegeType: el.getAttribute('PrivilegeType') ?? '', invert, default: dflt };
    case 'FormEntityContextRule':
      return { kind: 'formEntityContext', entityName: el.getAttribute('EntityName') ?? '', invert, default: dflt };
    case 'CrmClientTypeRule':
      return { kind: 'crmClientType', type: el.getAttribute('Type') ?? '', invert, default: dflt };
    case 'SelectionCountRule': {
      const max = el.getAttribute('Maximum');
      return { kind: 'selectionCount', minimum: Number(el.getAttribute('Minimum') ?? 0), maximum: max === null ? null : Number(max), invert, default: dflt };
    }
    case 'OrRule':
      return {
        kind: 'or',
        groups: descendants(el, 'Or').map((or) => childElements(or).map(ruleStep)),
        invert,
        default: dflt,
      };
    default:
      return { kind: 'unsupported', element: el.tagName, invert, default: dflt };
  }
}

function rules(container: Element | undefined, ruleTag: string): Record<string, RibbonRule> {
  const out: Record<string, RibbonRule> = {};
  if (!container) return out;
  for (const rule of childElements(container, ruleTag)) {
    const id = rule.getAttribute('Id') ?? '';
    out[id] = { id, steps: childElements(rule).map(ruleStep) };
  }
  return out;
}

function action(el: Element): RibbonAction | null {
  if (el.tagName === 'JavaScriptFunction') {
    return { kind: 'js', library: library(el), functionName: el.getAttribute('FunctionName') ?? '', parameters: parameters(el) };
  }
  if (el.tagName === 'Url') return { kind: 'url', address: el.getAttribute('Address') ?? '' };
  return null;
}

const BUTTON_TAGS = new Set(['Button', 'SplitButton', 'FlyoutAnchor', 'ToggleButton']);

/** Parses one `<RibbonDiffXml>` element. */
export function parseRibbonDiff(entity: string, diff: Element): RibbonModel {
  const buttons: RibbonButton[] = [];
  for (const ca of descendants(diff, 'CustomAction')) {
    const location = ca.getAttribute('Location') ?? '';
    const caSequence = Number(ca.getAttribute('Sequence') ?? '0');
    const def = firstChild(ca, 'CommandUIDefinition');
    for (const b of def ? childElements(def) : []) {
      if (!BUTTON_TAGS.has(b.tagName)) continue;
      buttons.push({
        id: b.getAttribute('Id') ?? '',
        command: b.getAttribute('Command') ?? '',
        location,
        sequence: Number(b.getAttribute('Sequence') ?? caSequence) || caSequence,
        labelText: b.getAttribute('LabelText') ?? '',
        alt: b.getAttribute('Alt') ?? undefined,
        toolTipTitle: b.getAttribute('ToolTipTitle') ?? undefined,
        toolTipDescription: b.getAttribute('ToolTipDescription') ?? undefined,
        modernImage: b.getAttribute('ModernImage') ?? undefined,
      });
    }
  }
  buttons.sort((a, b) => a.sequence - b.sequence);

  const hidden = descendants(diff, 'HideCustomAction').map((h) => h.getAttribute('HideActionId') ?? '').filter(Boolean);

  const commands: Record<string, RibbonCommand> = {};
  for (const cd of descendants(diff, 'CommandDefinition')) {
    const id = cd.getAttribute('Id') ?? '';
    const enable = firstChild(cd, 'EnableRules');
    const display = firstChild(cd, 'DisplayRules');
    const actions = firstChild(cd, 'Actions');
    commands[id] = {
      id,
      enableRules: enable ? childElements(enable, 'EnableRule').map((r) => r.getAttribute('Id') ?? '') : [],
      displayRules: display ? childElements(display, 'DisplayRule').map((r) => r.getAttribute('Id') ?? '') : [],
      actions: actions ? childElements(actions).map(action).filter((a): a is RibbonAction => a !== null) : [],
    };
  }

  const ruleDefs = firstChild(diff, 'RuleDefinitions');
  const displayRules = rules(ruleDefs ? firstChild(ruleDefs, 'DisplayRules') : undefined, 'DisplayRule');
  const enableRules = rules(ruleDefs ? firstChild(ruleDefs, 'EnableRules') : undefined, 'EnableRule');

  const locLabels: RibbonModel['locLabels'] = {};
  for (const ll of descendants(diff, 'LocLabel')) {
    const id = ll.getAttribute('Id') ?? '';
    const titles: Record<string, string> = {};
    for (const t of descendants(ll, 'Title')) titles[t.getAttribute('languagecode') ?? ''] = t.getAttribute('description') ?? '';
    locLabels[id] = titles;
  }

  return { entity, buttons, hidden, commands, displayRules, enableRules, locLabels };
}

/** Every web resource a ribbon calls, so the page can check they are in the solution. */
export function ribbonLibraries(model: RibbonModel): string[] {
  const libs = new Set<string>();
  for (const c of Object.values(model.commands)) for (const a of c.actions) if (a.kind === 'js') libs.add(a.library);
  const visit = (s: RibbonRuleStep): void => {
    if (s.kind === 'custom') libs.add(s.library);
    if (s.kind === 'or') s.groups.flat().forEach(visit);
  };
  for (const r of [...Object.values(model.enableRules), ...Object.values(model.displayRules)]) r.steps.forEach(visit);
  return [...libs];
}
