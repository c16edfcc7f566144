import { describe } from 'vitest';
import { describeAgentsContract } from './agents.contract';
import { describeChatsContract } from './chats.contract';
import { describeEmergenciesContract } from './emergencies.contract';
import { describeMessagesContract } from './messages.contract';
import { describeReassignContract } from './reassign.contract';
import { describeRoutingContract } from './routing.contract';
import { describeTicketConversionContract } from './ticket-conversion.contract';
import { describeTicketFiltersContract } from './ticket-filters.contract';
import { describeTicketLinksContract } from './ticket-links.contract';
import { describeTicketQueriesContract } from './ticket-queries.contract';
import { describeTicketUpdatesContract } from './ticket-updates.contract';
import { describeTicketsContract } from './tickets.contract';
import type { OpenStore } from './support';

// The behaviour every Store implementation must have, split by area. Each file is written
// only against the Store interface; `open` gives a fresh, empty store for each test.

export type { OpenStore } from './support';

/** Declares the Store contract suite for one implementation. */
export function describeStoreContract(name: string, open: OpenStore): void {
  describe(`Store contract: ${name}`, () => {
    describeAgentsContract(open);
    describeChatsContract(open);
    describeMessagesContract(open);
    describeRoutingContract(open);
    describeReassignContract(open);
    describeTicketsContract(open);
    describeTicketConversionContract(open);
    describeTicketQueriesContract(open);
    describeTicketUpdatesContract(open);
    describeTicketLinksContract(open);
    describeTicketFiltersContract(open);
    describeEmergenciesContract(open);
  });
}
