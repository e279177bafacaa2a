class_methods do
  # @param [Integer, String, Range, Array] arg to pass to primary_key_in scope
  # @return [ActiveRecord::Relation<{{ n.model_class }}>] the {{ n.label }} this node should sync, restricted by primary key
  def replicables_for_geo_node(primary_key_in, node = ::Gitlab::Geo.current_node)
    primary_key_in(primary_key_in)
      .merge(selective_sync_scope(node))
{%- if c.file_store_column %}
      .merge(object_storage_scope(node))
{%- endif %}
  end

  private
{%- if c.file_store_column %}

  def object_storage_scope(node)
    return all if node.sync_object_storage?

    with_files_stored_locally
  end
{%- endif %}

{%- if c.project_id_column %}

  def selective_sync_scope(node)
    return all unless node.selective_sync?

    project_id_in(node.projects)
  end
{%- else %}

  # {{ n.table }} has no project_id column: selective sync does
  # not narrow these yet
  def selective_sync_scope(_node)
    all
  end
{%- endif %}
end
