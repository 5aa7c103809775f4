import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import type { TaskForceMember } from '../../../api-contract';
import { useOrganisationNames } from '../../portal/pact/pact-parts';
import { useWorkspace } from '../workspace-layout';

/**
 * Names task force members: organisations by name; people by name only for those who may read the
 * territory's people (facilitators, auditors), oneself, and otherwise as "a person", as in public.
 */
export function useMemberName(slug: string): (member: Pick<TaskForceMember, 'memberType' | 'memberId'>) => string {
  const { t } = useTranslation();
  const { person, canReadPeople } = useWorkspace();
  const organisations = useOrganisationNames(slug);
  const people = useQuery({ queryKey: ['people', slug], queryFn: () => api.people(slug), enabled: canReadPeople });
  const peopleNames = new Map((people.data?.items ?? []).map((p) => [p.id, p.displayName]));
  return (member) => {
    if (member.memberType === 'organisation') return organisations.get(member.memberId) ?? t('pact.taskForce.organisation');
    if (member.memberId === person.id) return t('pactWorkspace.members.you', { name: person.displayName });
    return peopleNames.get(member.memberId) ?? t('pact.taskForce.person');
  };
}
