import * as React from 'react';
import { DEFAULT_POLL_TIMING, WebApiRefreshRequester } from '../shared/integrationRequests';
import { BroadcastRefreshSignal } from '../shared/refreshSignal';
import { ItemAvailabilityApp, type ItemAvailabilityServices } from './components/ItemAvailabilityApp';
import { itemAvailabilityProps } from './controlProps';
import type { IInputs, IOutputs } from './ManifestConstants';
import { WebApiAvailabilityReader } from './services/AvailabilityReader';

let instances = 0;

/** Lifecycle only: services are built once, props on every updateView, rendering is the component's job. */
export class ItemAvailability implements ComponentFramework.ReactControl<IInputs, IOutputs> {
  private services!: ItemAvailabilityServices;
  private readonly idPrefix = `erp-ia-${++instances}-`;
  private notifyOutputChanged: () => void = () => undefined;
  /** A ship-from location chosen since the last getOutputs: a code, null to clear it, undefined when none. */
  private shipFromOutput: string | null | undefined;

  private readonly chooseShipFrom = (code: string | null): void => {
    this.shipFromOutput = code;
    this.notifyOutputChanged();
  };

  public init(context: ComponentFramework.Context<IInputs>, notifyOutputChanged?: () => void): void {
    if (notifyOutputChanged) this.notifyOutputChanged = notifyOutputChanged;
    context.mode.trackContainerResize(true);
    this.services = {
      reader: new WebApiAvailabilityReader(context.webAPI),
      requester: new WebApiRefreshRequester(context.webAPI, context.userSettings.userId),
      refreshSignal: new BroadcastRefreshSignal(),
      timeoutSeconds: DEFAULT_POLL_TIMING.timeoutMs / 1000,
    };
  }

  public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
    return React.createElement(ItemAvailabilityApp, itemAvailabilityProps(context, this.services, this.idPrefix, this.chooseShipFrom));
  }

  public getOutputs(): IOutputs {
    if (this.shipFromOutput === undefined) return {};
    // undefined clears the bound column; the key is kept so the host sees that it changed.
    const outputs: IOutputs = { shipFrom: this.shipFromOutput ?? undefined };
    this.shipFromOutput = undefined;
    return outputs;
  }

  public destroy(): void {
    // React unmounts the component, which cancels any polling in progress.
  }
}
