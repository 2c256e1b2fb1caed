import { CONTAINER_RESPONSE } from '../../compute/container-service';
import { WEB_PAGE_HEADING } from '../../compute/web-tier';

/**
 * What each user-facing endpoint of a stage answers, so that the smoke test can tell the right page from any other
 * 200 (a default page, a parked domain, the wrong service behind the load balancer).
 *
 * The web page heading and the container response come from the constructs that serve them; the site and Beanstalk
 * markers are literals in asset files, so `test/deploy/smoke.test.ts` reads those files (and the user data and task
 * definition of a constructed stage) and fails when they drift apart.
 */

/**
 * On the web tier's page (`/`): the heading the instances' user data writes to `/srv/www/index.html`.
 *
 * @see lib/compute/web-tier.ts, `userData()`
 */
export const WEB_PAGE_MARKER = WEB_PAGE_HEADING;

/**
 * The whole body of the web tier's health-check path (`HEALTH_CHECK_PATH`), which the user data writes with
 * `echo ok`: the smoke test requires the trimmed body to equal it, since `ok` alone is too common to search for.
 *
 * @see lib/compute/web-tier.ts, `userData()`
 */
export const HEALTH_BODY = 'ok';

/**
 * The body the container service answers on `CONTAINER_PATH` (Caddy's `respond --body`).
 *
 * @see lib/compute/container-service.ts, the `Web` container's command
 */
export const CONTAINER_MARKER = CONTAINER_RESPONSE;

/**
 * The heading of the static site's index page, which CloudFront serves for `/` (its default root object).
 *
 * @see assets/site/index.html
 */
export const SITE_MARKER = '<h1>aws-service-atlas</h1>';

/**
 * On every page of the Elastic Beanstalk sample app.
 *
 * @see assets/beanstalk-app/app.js
 */
export const BEANSTALK_MARKER = 'aws-service-atlas on Elastic Beanstalk';
