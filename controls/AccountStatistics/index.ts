import * as React from 'react';
import { DEFAULT_POLL_TIMING, WebApiRefreshRequester } from '../shared/integrationRequests';
import { BroadcastRefreshSignal } from '../shared/refreshSignal';
import { AccountStatisticsApp, type AccountStatisticsServices } from './components/AccountStatisticsApp';
import { accountStatisticsProps } from './controlProps';
import type { IInputs, IOutputs } from './ManifestConstants';
import { WebApiStatisticsReader } from './services/StatisticsReader';

let instances = 0;

/** Lifecycle only: services are built once, props on every updateView, rendering is the component's job. */
export class AccountStatistics implements ComponentFramework.ReactControl<IInputs, IOutputs> {
  private services!: AccountStatisticsServices;
  private readonly idPrefix = `erp-as-${++instances}-`;

  public init(context: ComponentFramework.Context<IInputs>): void {
    context.mode.trackContainerResize(true);
    this.services = {
      reader: new WebApiStatisticsReader(context.webAPI),
      requester: new WebApiRefreshRequester(context.webAPI, context.userSettings.userId),
      refreshSignal: new BroadcastRefreshSignal(),
      timeoutSeconds: DEFAULT_POLL_TIMING.timeoutMs / 1000,
    };
  }

  public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
    return React.createElement(AccountStatisticsApp, accountStatisticsProps(context, this.services, this.idPrefix));
  }

  public getOutputs(): IOutputs {
    return {};
  }

  public destroy(): void {
    // React unmounts the component, which cancels any polling in progress.
  }
}
