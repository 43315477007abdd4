/**
 * Bundle entry: ErpLink.Contact.* — the ERP coupling commands (lib/couplingCommands.ts). A contact's coupling is
 * known from its erp_coupling row only (the CONTACT mapping writes no ERP number on the contact), and contacts need
 * no form script: nothing on the contact form depends on the ERP.
 */
import { couplingCommands } from '../lib/couplingCommands';
import { register } from '../lib/namespace';

export const Contact = { ...couplingCommands({ table: 'contact' }) };

register('Contact', Contact);
