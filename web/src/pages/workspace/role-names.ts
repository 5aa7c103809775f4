import type { TFunction } from 'i18next';
import { translateOr } from '../../i18n';

export function roleName(t: TFunction, role: string): string {
  return translateOr(t, `roles.${role}`, role);
}

export function roleList(t: TFunction, roles: string[]): string {
  return roles.length === 0 ? t('roles.none') : roles.map((role) => roleName(t, role)).join(', ');
}
