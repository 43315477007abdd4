/** FormXml of a main form → what the page renders: sections, fields, the custom control and its bindings, events. */
import { parseFormXml } from '../../sandbox/app/server/solution/formXml';

const formXml = `<form>
  <tabs>
    <tab name="general" id="{1}" showlabel="true">
      <labels><label description="General" languagecode="1033"/><label description="Général" languagecode="1036"/></labels>
      <columns><column width="100%"><sections>
        <section name="product" showlabel="true" id="{2}" columns="1">
          <labels><label description="Product" languagecode="1033"/></labels>
          <rows>
            <row><cell id="{3}"><labels><label description="Existing Product" languagecode="1033"/></labels>
              <control id="productid" classid="{270BD3DB-D9AF-4782-9025-509E298DEC0A}" datafieldname="productid" uniqueid="{AAAA0000-0000-4000-8000-000000000001}"/></cell></row>
            <row><cell id="{4}"><control id="quantity" classid="{C3EFE0C3-0EC6-42be-8349-CBD9079DFD8E}" datafieldname="quantity" disabled="true" uniqueid="{5}"/></cell></row>
            <row><cell id="{6}" visible="false"><control id="hidden" datafieldname="description" uniqueid="{7}"/></cell></row>
          </rows>
        </section>
        <section name="lines" id="{8}"><rows><row><cell id="{9}"><control id="lines" classid="{E7A81278-8635-4d9e-8D4D-59480B391C5B}" uniqueid="{10}">
          <parameters><TargetEntityType>salesorderdetail</TargetEntityType><RelationshipName>order_details</RelationshipName></parameters></control></cell></row></rows></section>
      </sections></column></columns>
    </tab>
  </tabs>
  <controlDescriptions>
    <controlDescription forControl="{aaaa0000-0000-4000-8000-000000000001}">
      <customControl id="{270BD3DB-D9AF-4782-9025-509E298DEC0A}"><parameters><datafieldname>productid</datafieldname></parameters></customControl>
      <customControl formFactor="0" name="erp_ErpLink.ItemAvailability"><parameters><product>productid</product></parameters></customControl>
      <customControl formFactor="2" name="erp_ErpLink.ItemAvailability"><parameters><product>productid</product><quantity>quantity</quantity><maxAgeMinutes type="Whole.None" static="true">30</maxAgeMinutes></parameters></customControl>
    </controlDescription>
  </controlDescriptions>
  <formLibraries><Library name="erp_/js/salesorder.js" libraryUniqueId="{11}"/></formLibraries>
  <events>
    <event name="onload" application="false" active="false"><Handlers>
      <Handler functionName="ErpLink.SalesOrder.onLoad" libraryName="erp_/js/salesorder.js" handlerUniqueId="{12}" enabled="true" parameters="" passExecutionContext="true"/>
    </Handlers></event>
    <event name="onchange" application="false" active="false" attribute="erp_submissionstatus"><Handlers>
      <Handler functionName="ErpLink.SalesOrder.onSubmissionStatusChange" libraryName="erp_/js/salesorder.js" handlerUniqueId="{13}" enabled="true" passExecutionContext="true"/>
      <Handler functionName="Disabled.handler" libraryName="erp_/js/salesorder.js" handlerUniqueId="{14}" enabled="false" passExecutionContext="true"/>
    </Handlers></event>
  </events>
</form>`;

describe('FormXml → page form', () => {
  const { form, events } = parseFormXml('salesorder', '{F0F0F0F0-0000-4000-8000-000000000001}', { 1033: 'Order' }, formXml, 'solution');

  it('keeps visible tabs, sections and fields with their labels and locks', () => {
    expect(form.id).toBe('f0f0f0f0-0000-4000-8000-000000000001');
    expect(form.tabs.map((t) => t.labels['1036'])).toEqual(['Général']);
    const controls = form.tabs[0].sections[0].controls;
    expect(controls.map((c) => c.kind)).toEqual(['pcf', 'field']);
    expect(controls[1]).toMatchObject({ kind: 'field', attribute: 'quantity', readOnly: true });
  });

  it('replaces the classic control by the web form factor custom control, with bound and static parameters', () => {
    const pcf = form.tabs[0].sections[0].controls[0];
    expect(pcf).toMatchObject({
      kind: 'pcf',
      control: 'erp_ErpLink.ItemAvailability',
      bindings: { product: { attribute: 'productid' }, quantity: { attribute: 'quantity' }, maxAgeMinutes: { static: '30', type: 'Whole.None' } },
    });
  });

  it('reads a lines subgrid with the lookup of its relationship', () => {
    expect(form.tabs[0].sections[1].controls[0]).toMatchObject({ kind: 'subgrid', entity: 'salesorderdetail', relationshipAttribute: 'salesorderid' });
  });

  it('reads libraries and enabled handlers with their column and execution-context flag', () => {
    expect(form.libraries).toEqual(['erp_/js/salesorder.js']);
    expect(events).toEqual([
      { entity: 'salesorder', event: 'onload', attribute: undefined, library: 'erp_/js/salesorder.js', functionName: 'ErpLink.SalesOrder.onLoad', passExecutionContext: true },
      { entity: 'salesorder', event: 'onchange', attribute: 'erp_submissionstatus', library: 'erp_/js/salesorder.js', functionName: 'ErpLink.SalesOrder.onSubmissionStatusChange', passExecutionContext: true },
    ]);
  });
});
