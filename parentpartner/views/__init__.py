"""The core's pages, one module per feature: the home page (`home`), sites (`sites`), Parent Partners
(`people`), role progression and the approval form (`progression`), the Lead Parent Partner case and
coordinator certification (`lead`), two-step login (`two_factor`), the access and export logs
(`audit`). Thin: the rules are in the core's services (`parentpartner.services.door`, `progression`, `lead`...);
scope and permission come from `parentpartner.access` through `parentpartner.viewmixins`."""
