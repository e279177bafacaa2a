class_methods do
{%- if c.states %}
  extend ::Gitlab::Utils::Override
{% endif %}
  # @param primary_key_in [Range, {{ n.model_class }}] arg to pass to primary_key_in scope
  # @return [ActiveRecord::Relation<{{ n.model_class }}>] everything that should be synced to this node, restricted by primary key
  def replicables_for_current_secondary(primary_key_in)
    node = ::Gitlab::Geo.current_node
{% if c.shardable %}
    replicables = if !node.selective_sync?
                    all
                  elsif node.selective_sync_by_namespaces?
                    {{ c.project_scope }}
                  elsif node.selective_sync_by_shards?
                    for_repository_storage(node.selective_sync_shards)
                  else
                    none
                  end

    replicables.primary_key_in(primary_key_in)
{%- else %}
    primary_key_in(primary_key_in)
      .merge(selective_sync_scope(node))
{%- if c.object_storage %}
      .merge(object_storage_scope(node))
{%- endif %}
{%- endif %}
  end
{%- if c.states %}

  override :verification_state_table_name
  def verification_state_table_name
    '{{ n.name }}_states'
  end

  override :verification_state_model_key
  def verification_state_model_key
    '{{ n.name }}_id'
  end

  override :verification_arel_table
  def verification_arel_table
    ::Geo::{{ n.class }}State.arel_table
  end
{%- endif %}
{%- if !c.shardable %}

  private
{%- if c.object_storage %}

  # @return [ActiveRecord::Relation<{{ n.model_class }}>] observing object storage settings of the given node
  def object_storage_scope(node)
    return all if node.sync_object_storage?

    with_files_stored_locally
  end
{%- endif %}

  # @return [ActiveRecord::Relation<{{ n.model_class }}>] observing selective sync settings of the given node
  def selective_sync_scope(node)
    return all unless node.selective_sync?

    {{ c.project_scope }}
  end
{%- endif %}
end
