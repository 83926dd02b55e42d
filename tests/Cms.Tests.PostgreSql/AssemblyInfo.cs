using Cms.Data;
using Cms.Tests.Support;

// Every test host of this assembly runs on PostgreSQL (a database of its own on the run's throwaway server).
[assembly: TestDatabase(DatabaseProvider.PostgreSql)]
