import { configure } from '@testing-library/vue';

// The machines running these tests have 2 shared cores: give findBy/waitFor room under load.
// No assertion depends on timing; this only decides how long a wait may take before failing.
configure({ asyncUtilTimeout: 5000 });
