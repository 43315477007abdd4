/**
 * The host's modal layer: Xrm.Navigation dialogs, the progress indicator and the page's own prompts. A tiny store
 * the React DialogHost renders; every open* returns a Promise that resolves when the user closes the dialog, as
 * the platform's APIs do.
 */

export type DialogRequest =
  | { kind: 'alert'; id: number; title?: string; text: string; confirmLabel?: string; resolve: () => void }
  | { kind: 'confirm'; id: number; title?: string; subtitle?: string; text: string; confirmLabel?: string; cancelLabel?: string; resolve: (confirmed: boolean) => void }
  | { kind: 'error'; id: number; message: string; details?: string; errorCode?: number; resolve: () => void }
  | { kind: 'webresource'; id: number; url: string; title?: string; width?: string; height?: string; resolve: (returnValue: unknown) => void }
  | ({ kind: 'fields'; id: number; resolve: (values: FieldValues | null) => void } & FieldsDialogOptions);

/** A platform dialog with a few fields (Close Quote, Create Order): choice, date, text or yes/no. */
export interface DialogField {
  name: string;
  label: string;
  type: 'choice' | 'date' | 'text' | 'boolean';
  options?: { value: string; label: string }[];
  value: string | boolean;
}
export type FieldValues = Record<string, string | boolean>;
export interface FieldsDialogOptions {
  title: string;
  text?: string;
  fields: DialogField[];
  confirmLabel: string;
  cancelLabel: string;
}

type Listener = () => void;

class DialogStore {
  private seq = 0;
  dialogs: DialogRequest[] = [];
  progress: string | null = null;
  private listeners = new Set<Listener>();

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }

  alert(opts: { title?: string; text: string; confirmLabel?: string }): Promise<void> {
    return new Promise((resolve) => {
      const id = ++this.seq;
      this.dialogs = [...this.dialogs, { kind: 'alert', id, ...opts, resolve: () => this.close(id, resolve) }];
      this.emit();
    });
  }

  confirm(opts: { title?: string; subtitle?: string; text: string; confirmLabel?: string; cancelLabel?: string }): Promise<boolean> {
    return new Promise((resolve) => {
      const id = ++this.seq;
      this.dialogs = [...this.dialogs, { kind: 'confirm', id, ...opts, resolve: (c: boolean) => this.close(id, () => resolve(c)) }];
      this.emit();
    });
  }

  error(opts: { message: string; details?: string; errorCode?: number }): Promise<void> {
    return new Promise((resolve) => {
      const id = ++this.seq;
      this.dialogs = [...this.dialogs, { kind: 'error', id, ...opts, resolve: () => this.close(id, resolve) }];
      this.emit();
    });
  }

  /** An HTML web resource in a dialog (navigateTo target 2); resolves with what the page left in returnValue. */
  webResource(opts: { url: string; title?: string; width?: string; height?: string }): Promise<unknown> {
    return new Promise((resolve) => {
      const id = ++this.seq;
      this.dialogs = [...this.dialogs, { kind: 'webresource', id, ...opts, resolve: (v: unknown) => this.close(id, () => resolve(v)) }];
      this.emit();
    });
  }

  /** Resolves with the values on OK, null on Cancel or Escape. */
  fields(opts: FieldsDialogOptions): Promise<FieldValues | null> {
    return new Promise((resolve) => {
      const id = ++this.seq;
      this.dialogs = [...this.dialogs, { kind: 'fields', id, ...opts, resolve: (v: FieldValues | null) => this.close(id, () => resolve(v)) }];
      this.emit();
    });
  }

  private close(id: number, then: () => void): void {
    this.dialogs = this.dialogs.filter((d) => d.id !== id);
    this.emit();
    then();
  }

  showProgress(message: string): void {
    this.progress = message;
    this.emit();
  }

  closeProgress(): void {
    this.progress = null;
    this.emit();
  }
}

export const dialogs = new DialogStore();
