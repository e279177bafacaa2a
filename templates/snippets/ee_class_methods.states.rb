extend ::Gitlab::Utils::Override
{%- if f.project_scoped %}

# @return [ActiveRecord::Relation<{{ n.model_class }}>] scope observing selective sync
#         settings of the given node
override :selective_sync_scope
def selective_sync_scope(node, **params)
  replicables = params.fetch(:replicables, all)
  replicables = replicables.primary_key_in(params[:primary_key_in]) if params[:primary_key_in].present?

  return replicables unless node.selective_sync?

  replicables.project_id_in(::Project.selective_sync_scope(node).select(:id))
end
{%- endif %}

override :verification_state_model_key
def verification_state_model_key
  :{{ n.foreign_key }}
end

override :verification_state_table_class
def verification_state_table_class
  ::Geo::{{ n.class }}State
end
