import type { TFunction } from 'i18next';
import { translateOr } from '../../i18n';

export function roleName(t: TFunction, role: string): string {
  return translateOr(t, `roles.${role}`, role);
}

/** Whoever joined a territory is one of its citizens; the territory roles come on top of that. */
export function roleList(t: TFunction, roles: string[]): string {
  return roles.length === 0 ? t('roles.citizen') : roles.map((role) => roleName(t, role)).join(', ');
}
