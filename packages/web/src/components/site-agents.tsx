import { useState } from 'react';
import type { Agent } from '@natter/client';
import type { User } from '@natter/protocol';
import { errorMessage } from '../lib/error-message.js';
import { supportApi } from '../state/support-access.js';
import { useUserSearch } from '../state/use-user-search.js';
import { useSiteAgents } from '../state/use-site-data.js';
import { Avatar } from './avatar.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { UserResult } from './user-result.js';
import { FormErrors } from './form-errors.js';
import { PeopleSearchField } from './people-search-field.js';

interface SiteAgentsProps {
  siteId: string;
  me: User;
  /** After a change: the user's own access may have changed (an admin adding themselves). */
  onChanged: () => void;
}

/** The site's agents: who answers its visitors. Add by searching people, remove with a confirm. */
export function SiteAgents({ siteId, me, onChanged }: SiteAgentsProps) {
  const agents = useSiteAgents(siteId);
  const [query, setQuery] = useState('');
  const search = useUserSearch(query);
  const [removing, setRemoving] = useState<Agent>();
  const [problem, setProblem] = useState<string>();
  const known = new Set(agents.value?.map((a) => a.id));

  const add = (user: User) => {
    setProblem(undefined);
    supportApi()
      .addAgent(siteId, user.id)
      .then(
        (list) => {
          agents.set(list);
          setQuery('');
          onChanged();
        },
        (error: unknown) =>
          setProblem(errorMessage(error, `${user.displayName} could not be added.`)),
      );
  };
  const remove = () => {
    const agent = removing;
    setRemoving(undefined);
    if (!agent) return;
    supportApi()
      .removeAgent(siteId, agent.id)
      .then(
        () => {
          agents.reload();
          onChanged();
        },
        (error: unknown) =>
          setProblem(errorMessage(error, `${agent.displayName} could not be removed.`)),
      );
  };

  return (
    <section className="settings-card stack" aria-labelledby="site-agents-title">
      <h2 id="site-agents-title" className="card-title">
        Agents
      </h2>
      <FormErrors errors={[agents.error]} />
      {agents.value?.length === 0 && (
        <p className="muted small">
          No agents yet: nobody receives this site&apos;s conversations.
        </p>
      )}
      <ul className="agent-list" aria-label="Agents of this site">
        {agents.value?.map((agent) => (
          <li key={agent.id} className="agent-row">
            <Avatar id={agent.id} name={agent.displayName} size="sm" />
            <span className="user-result-names">
              <span className="user-result-name">{agent.displayName}</span>
              <span className="user-result-username">@{agent.username}</span>
            </span>
            <button
              type="button"
              className="link danger small"
              aria-label={`Remove ${agent.displayName}`}
              onClick={() => setRemoving(agent)}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      {agents.value && !known.has(me.id) && (
        // People search never finds oneself: the admin who left the site's agents comes back here.
        <button type="button" className="button" onClick={() => add(me)}>
          Add yourself
        </button>
      )}
      <PeopleSearchField label="Add an agent" query={query} onQuery={setQuery} search={search} />
      {search.users.length > 0 && (
        <ul className="user-results" aria-label="People found">
          {search.users.map((user) => (
            <UserResult
              key={user.id}
              user={user}
              onPick={add}
              disabled={known.has(user.id)}
              note={known.has(user.id) ? 'already an agent' : undefined}
            />
          ))}
        </ul>
      )}
      <FormErrors errors={[problem, search.error]} />
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.displayName}?`}
          body="They stop receiving this site's conversations at once."
          confirmLabel="Remove"
          onConfirm={remove}
          onCancel={() => setRemoving(undefined)}
        />
      )}
    </section>
  );
}
