#pragma once
// /v1.0/users (wire-apis.md §2.3): create (UPN on a verified domain, unique), list with $filter,
// $select and paging, read by id or UPN, update, delete. Passwords are checked for presence and
// dropped: only lastPasswordChangeDateTime records that one was set.
#include "graph/call.h"
#include "graph/entity_type.h"

namespace emulator::graph {

const entity_type& user_type();

http_response_data list_users(call& c);
http_response_data get_user(call& c);
http_response_data create_user(call& c);
http_response_data update_user(call& c);
http_response_data delete_user(call& c);

// By id or userPrincipalName (case-insensitive); nullptr when absent.
json* find_user(json& tenant, std::string_view id_or_upn);

// A new user object in stored form (no password), for POST /users and the generate control
// endpoint; `fields` has been validated.
json new_user(const json& fields);

// The user as a response shows it: passwordProfile is never read back.
json shown_user(json projected);

} // namespace emulator::graph
