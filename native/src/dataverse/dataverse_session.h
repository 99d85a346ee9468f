#pragma once
// Dataverse changes as plan commands on the "dataverse" transport (seeds C5–C9):
//   Dataverse.Create      {EntitySet, Row}            Row carries its own key, chosen by the plan, so
//                                                     later steps can bind to it and a create that
//                                                     already happened (a resumed run) is found, not repeated
//   Dataverse.Update      {EntitySet, Id, Changes}    PATCH with If-Match: *
//   Dataverse.UpdateMany  {EntitySet, $batch:[{Id, Target, Changes}], ResultsPath}
//                         concurrently within the organisation channel's pacing; a failed row never
//                         stops the others (a warning, a results-file line)
//   Dataverse.TestMailboxes {ProfileId, $batch:[{Id, Target}], TimeoutSeconds, PollSeconds, ResultsPath}
//                         "Test & Enable" (C9): testemailconfigurationscheduled=true on each, then one
//                         paged listing of the profile's mailboxes per poll until every test has run;
//                         one output object per mailbox with its incoming, outgoing and
//                         appointments-contacts-tasks status
#include "dataverse/dataverse_client.h"
#include "plan/planner.h"
#include "transport/host_session.h"

namespace mailint::dataverse {

inline constexpr const char *kCreateCommand = "Dataverse.Create";
inline constexpr const char *kUpdateCommand = "Dataverse.Update";
inline constexpr const char *kUpdateManyCommand = "Dataverse.UpdateMany";
inline constexpr const char *kTestMailboxesCommand = "Dataverse.TestMailboxes";

// The mailbox status columns' option names (0 Not Run, 1 Success, 2 Failure).
const char *status_name(int value);
// The stable id of a failed mailbox test, from lastsyncerror: crm.mailbox.authentication_failed,
// crm.mailbox.not_approved, crm.mailbox.test_failed.
std::string test_failure_id(const std::string &last_sync_error);

class dataverse_session final : public host_session {
public:
    // `client` must outlive the session; `workers` bounds the concurrent rows of UpdateMany.
    dataverse_session(dataverse_client &client, progress_fn progress, int workers);
    host_result invoke(const host_command &command) override;

private:
    host_result update_many(const host_command &command);
    host_result test_mailboxes(const host_command &command);

    dataverse_client &client_;
    progress_fn progress_;
    int workers_;
};

}  // namespace mailint::dataverse
