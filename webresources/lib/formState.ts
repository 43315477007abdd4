/** Small readers of form values that tolerate a column missing from the form. */
import { normalizeId } from '../../domain/orderValidation';

export function value<T>(formContext: Xrm.FormContext, attribute: string): T | null {
  const a = formContext.getAttribute(attribute) as Xrm.Attributes.Attribute | null;
  return a ? ((a.getValue() as T | null) ?? null) : null;
}

export function recordId(formContext: Xrm.FormContext): string {
  return normalizeId(formContext.data.entity.getId());
}

/** FormType 1 = Create: the record does not exist yet. */
export function isSaved(formContext: Xrm.FormContext): boolean {
  return formContext.ui.getFormType() !== 1 && recordId(formContext) !== '';
}

export function currentUser(): { id: string; name: string } {
  const settings = Xrm.Utility.getGlobalContext().userSettings;
  return { id: normalizeId(settings.userId), name: settings.userName };
}

export function setNotification(formContext: Xrm.FormContext, id: string, text: string | null, level: Xrm.FormNotificationLevel = 'INFO'): void {
  formContext.ui.clearFormNotification(id);
  if (text) formContext.ui.setFormNotification(text, level, id);
}

/** Disables every control bound to these columns (header copies included). */
export function lockColumns(formContext: Xrm.FormContext, columns: readonly string[]): void {
  for (const name of columns) {
    const attribute = formContext.getAttribute(name) as Xrm.Attributes.Attribute | null;
    attribute?.controls.forEach((c) => (c as Xrm.Controls.StandardControl).setDisabled(true));
  }
}
