/**
 * The bot's Web API clients, split by what a repeated request does.
 *
 * Reads and reactions (`SlackReader`) are retried by the client itself: asking twice changes
 * nothing. Posts (`SlackPoster`: chat.postMessage, chat.postEphemeral) never are: Slack can take a
 * message and still answer 5xx, or answer too late, and the client's own retry would then post it a
 * second time. A post that fails fails its job attempt instead, and the next attempt goes through
 * post-part-once.ts, which first looks for the message the failed try may have left.
 *
 * Every request has a deadline (`SLACK_API_TIMEOUT_MS`): a call Slack never answers fails like any
 * other transient fault.
 */
import { WebClient, type FetchFunction, type RetryOptions, type WebClientOptions } from '@slack/web-api';

/**
 * Calls that are safe to repeat: everything but what posts (of `chat` only getPermalink, of `files`
 * only info and getUploadURLExternal), so a post cannot go through a retrying client by mistake.
 */
export type SlackReader = Omit<WebClient, 'chat' | 'files'> & {
  chat: Pick<WebClient['chat'], 'getPermalink'>;
  files: Pick<WebClient['files'], 'info' | 'getUploadURLExternal'>;
};
/** Calls that post a message or share a file; their client never retries. */
export type SlackPoster = Pick<WebClient, 'chat' | 'files'>;

export interface SlackClients {
  read: SlackReader;
  post: SlackPoster;
}

/** The reads' own retries stay short: a job's retries (BullMQ, with backoff) come on top of them. */
export const READ_RETRY: RetryOptions = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5000 };
/** Posts: no retry by the client, ever. */
export const POST_RETRY: RetryOptions = { retries: 0 };

export interface SlackClientSettings {
  apiUrl: string;
  /** Deadline of each request, in ms. */
  timeoutMs: number;
  /** Retry policy of reads (tests shorten it). Default READ_RETRY. */
  readRetry?: RetryOptions;
  /** Anything else every client gets (transport, logger). */
  base?: Omit<WebClientOptions, 'slackApiUrl' | 'retryConfig' | 'timeout'>;
}

/**
 * Options for a client of one kind; Bolt builds its listeners' client from the `read` ones, and its
 * `respond()` (response_url) from their `fetch`: that one gets the same deadline, since only the Web
 * API client passes a signal of its own.
 */
export function slackClientOptions(settings: SlackClientSettings, kind: 'read' | 'post'): WebClientOptions {
  const base: FetchFunction = settings.base?.fetch ?? fetch;
  const withDeadline: FetchFunction = (input, init) => base(input, init?.signal ? init : { ...init, signal: AbortSignal.timeout(settings.timeoutMs) });
  return {
    ...settings.base,
    fetch: withDeadline,
    slackApiUrl: settings.apiUrl,
    timeout: settings.timeoutMs,
    retryConfig: kind === 'post' ? POST_RETRY : (settings.readRetry ?? READ_RETRY),
  };
}

export function createSlackClients(token: string, settings: SlackClientSettings): SlackClients {
  return {
    read: new WebClient(token, slackClientOptions(settings, 'read')),
    post: new WebClient(token, slackClientOptions(settings, 'post')),
  };
}
