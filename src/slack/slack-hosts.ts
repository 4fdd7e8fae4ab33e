/**
 * Hosts the bot sends its token to. Slack file URLs live on *.slack.com (files.slack.com,
 * files-origin.slack.com on Enterprise Grid), *.slack-edge.com and slack-files.com; anything else
 * is refused rather than followed. `extraHosts` (SLACK_FILE_HOSTS) admits a stand-in server in tests.
 */
export function isAllowedSlackUrl(url: URL, extraHosts: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  if (extraHosts.includes(host)) return url.protocol === 'https:' || url.protocol === 'http:';
  if (url.protocol !== 'https:') return false;
  return host === 'slack.com' || host.endsWith('.slack.com') || host.endsWith('.slack-edge.com') || host === 'slack-files.com';
}
