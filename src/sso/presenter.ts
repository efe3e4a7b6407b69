import type { SsoDomainRule } from '../db/schema/sso.ts';
import type { DomainRuleView } from './contract.ts';

export const presentDomainRule = (r: Pick<SsoDomainRule, 'id' | 'domain' | 'createdAt'>): DomainRuleView => ({
  id: r.id,
  domain: r.domain,
  createdAt: r.createdAt,
});
