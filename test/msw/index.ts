// Every provider's msw handlers at once, for tests that run the whole pipeline against "real"
// HTTP clients: one call sets scenarios and seeds per provider and returns what each recorded.
import type { HttpHandler } from "msw";
import { type ApolloMock, type ApolloMockOptions, apolloHandlers } from "./apollo.ts";
import {
  type BetterContactMock,
  type BetterContactMockOptions,
  betterContactHandlers,
} from "./bettercontact.ts";
import {
  type ZeroBounceMock,
  type ZeroBounceMockOptions,
  zeroBounceHandlers,
} from "./zerobounce.ts";

export type ProviderMocks = {
  handlers: HttpHandler[];
  apollo: ApolloMock;
  betterContact: BetterContactMock;
  zeroBounce: ZeroBounceMock;
};

export function providerHandlers(
  options: {
    apollo?: ApolloMockOptions;
    betterContact?: BetterContactMockOptions;
    zeroBounce?: ZeroBounceMockOptions;
  } = {},
): ProviderMocks {
  const apollo = apolloHandlers(options.apollo);
  const betterContact = betterContactHandlers(options.betterContact);
  const zeroBounce = zeroBounceHandlers(options.zeroBounce);
  return {
    handlers: [...apollo.handlers, ...betterContact.handlers, ...zeroBounce.handlers],
    apollo,
    betterContact,
    zeroBounce,
  };
}
