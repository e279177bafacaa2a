extend ::Gitlab::Utils::Override

override :verification_state_model_key
def verification_state_model_key
  :{{ n.foreign_key }}
end

override :verification_state_table_class
def verification_state_table_class
  Geo::{{ n.class }}State
end
{%- if let Some(key) = f.sharding_key %}

# TODO: selective_sync_scope is model-specific. Review and consult a Geo expert if needed.
override :selective_sync_scope
def selective_sync_scope(node, **params)
  replicables = params.fetch(:replicables, all)
  replicables = replicables.primary_key_in(params[:primary_key_in]) if params[:primary_key_in].present?

  return replicables unless node.selective_sync?

  if node.selective_sync_by_namespaces? || node.selective_sync_by_shards?
{%- if key == "project_id" %}
    replicables.{{ key }}_in(::Project.selective_sync_scope(node).select(:id))
{%- else if key == "namespace_id" %}
    replicables.{{ key }}_in(node.namespaces_for_group_owned_replicables.select(:id))
{%- else if key == "organization_id" %}
    replicables.{{ key }}_in(node.namespaces_for_group_owned_replicables.select(:organization_id))
{%- else %}
    replicables.{{ key }}_in(::Member.in_namespaces(node.namespaces_for_group_owned_replicables).select(:user_id))
{%- endif %}
  elsif node.selective_sync_by_organizations?
    organization_ids = node.organizations.select(:id)
{%- if key == "project_id" %}
    project_ids = ::Project.where(organization_id: organization_ids).select(:id)
    replicables.where(project_id: project_ids)
{%- else if key == "organization_id" %}
    replicables.where(organization_id: organization_ids)
{%- else if key == "namespace_id" %}
    namespace_ids = ::Namespace.where(organization_id: organization_ids).select(:id)
    replicables.where(namespace_id: namespace_ids)
{%- else %}
    user_ids = ::Organizations::OrganizationUser.where(organization_id: organization_ids).select(:user_id)
    replicables.where({{ key }}: user_ids)
{%- endif %}
  else
    raise ::Geo::Errors::UnknownSelectiveSyncType.new(selective_sync_type: node.selective_sync_type)
  end
end
{%- endif %}
