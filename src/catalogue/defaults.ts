import type { CatalogueField } from '../db/schema/tickets.ts';
import type { Level } from '../domain/tickets.ts';

type DefaultItem = {
  serviceKey: string;
  kind: 'request' | 'incident';
  name: string;
  description: string;
  impact: Level;
  urgency: Level;
  fields?: CatalogueField[];
};

/** A starting catalogue a requester recognises; leads edit it. */
export const DEFAULT_CATALOGUE: DefaultItem[] = [
  {
    serviceKey: 'help-desk',
    kind: 'incident',
    name: 'Something is not working',
    description: 'Report a fault with your computer, a printer, an app or a device.',
    impact: 'low',
    urgency: 'medium',
  },
  {
    serviceKey: 'help-desk',
    kind: 'request',
    name: 'Ask a question',
    description: 'How do I…? Get help using IT.',
    impact: 'low',
    urgency: 'low',
  },
  {
    serviceKey: 'identity-access',
    kind: 'request',
    name: 'Reset my password or MFA',
    description: 'Locked out, forgotten password, new phone for sign-in.',
    impact: 'low',
    urgency: 'high',
  },
  {
    serviceKey: 'identity-access',
    kind: 'request',
    name: 'Access to a system or shared folder',
    description: 'Ask for access; your manager may be asked to approve.',
    impact: 'low',
    urgency: 'medium',
    fields: [
      { name: 'system', label: 'System or folder', type: 'text', required: true },
      { name: 'reason', label: 'Why you need it', type: 'textarea', required: true },
    ],
  },
  {
    serviceKey: 'joiners-movers-leavers',
    kind: 'request',
    name: 'New starter',
    description: 'Account, laptop and access for someone joining.',
    impact: 'medium',
    urgency: 'medium',
    fields: [
      { name: 'name', label: 'Full name', type: 'text', required: true },
      { name: 'startDate', label: 'Start date', type: 'date', required: true },
      { name: 'role', label: 'Job title', type: 'text', required: true },
      { name: 'laptop', label: 'Laptop needed', type: 'checkbox', required: false },
    ],
  },
  {
    serviceKey: 'joiners-movers-leavers',
    kind: 'request',
    name: 'Leaver',
    description: 'Remove access and collect equipment for someone leaving.',
    impact: 'medium',
    urgency: 'medium',
    fields: [
      { name: 'name', label: 'Full name', type: 'text', required: true },
      { name: 'lastDay', label: 'Last working day', type: 'date', required: true },
    ],
  },
  {
    serviceKey: 'endpoint-management',
    kind: 'request',
    name: 'New or replacement device',
    description: 'Laptop, monitor, phone or accessories.',
    impact: 'low',
    urgency: 'low',
    fields: [
      {
        name: 'device',
        label: 'Device',
        type: 'select',
        required: true,
        options: ['Laptop', 'Monitor', 'Phone', 'Headset', 'Other'],
      },
    ],
  },
  {
    serviceKey: 'collaboration-suite',
    kind: 'incident',
    name: 'Email, Teams or files problem',
    description: 'Mail not arriving, Teams calls failing, files not syncing.',
    impact: 'medium',
    urgency: 'medium',
  },
  {
    serviceKey: 'backup-recovery',
    kind: 'request',
    name: 'Restore a deleted file',
    description: 'Get back a file or folder that was deleted or overwritten.',
    impact: 'low',
    urgency: 'medium',
    fields: [{ name: 'path', label: 'Where it was', type: 'text', required: true }],
  },
  {
    serviceKey: 'network',
    kind: 'incident',
    name: 'Wi-Fi or internet problem',
    description: 'No connection, slow network, VPN not connecting.',
    impact: 'medium',
    urgency: 'high',
  },
  {
    serviceKey: 'security-monitoring',
    kind: 'incident',
    name: 'Report a suspicious email or security concern',
    description: 'Phishing, a lost device, something that looks wrong.',
    impact: 'medium',
    urgency: 'high',
  },
  {
    serviceKey: 'line-of-business-apps',
    kind: 'incident',
    name: 'Business application problem',
    description: 'ERP, shop-floor or finance systems not behaving.',
    impact: 'medium',
    urgency: 'medium',
  },
  {
    serviceKey: 'it-assets-licensing',
    kind: 'request',
    name: 'New software or licence',
    description: 'Ask for an application or a licence.',
    impact: 'low',
    urgency: 'low',
    fields: [{ name: 'software', label: 'Software', type: 'text', required: true }],
  },
];
