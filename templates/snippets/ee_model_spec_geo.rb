describe 'Geo replication', feature_category: :geo_replication do
  describe 'associations' do
    it 'has one verification state table class' do
      is_expected
        .to have_one(:{{ n.name }}_state)
        .class_name('Geo::{{ n.class }}State')
        .inverse_of(:{{ n.name }})
        .autosave(false)
    end
  end

  include_examples 'a verifiable model for verification state' do
    let(:verifiable_model_record) { build(:{{ f.model_factory }}) }
    let(:unverifiable_model_record) { nil }
  end
{%- if repo %}

  describe '#pool_repository' do
    it 'is never pooled' do
      expect(build(:{{ f.model_factory }}).pool_repository).to be_nil
    end
  end
{%- endif %}
{%- if f.project_scoped %}

  describe 'replication/verification' do
    let_it_be(:group_1) { create(:group, organization: create(:organization)) }
    let_it_be(:group_2) { create(:group, organization: create(:organization)) }
    let_it_be(:nested_group_1) { create(:group, parent: group_1) }
    let_it_be(:project_1) { create(:project, group: group_1) }
    let_it_be(:project_2) { create(:project, group: nested_group_1) }
{%- if repo %}
    let_it_be(:project_3) { create(:project, group: group_1) }
    let_it_be(:project_4) { create(:project, group: group_2) }
{%- else %}
    let_it_be(:project_3) { create(:project, group: group_2) }
{%- endif %}

    # In the synced root group
    let!(:first_replicable_and_in_selective_sync) do
      create(:{{ f.model_factory }}, project: project_1)
    end

    # In a synced subgroup
    let!(:second_replicable_and_in_selective_sync) do
      create(:{{ f.model_factory }}, project: project_2)
    end
{%- if repo %}

    # In the synced root group as well (repositories are never on object storage)
    let!(:third_replicable_on_object_storage_and_in_selective_sync) do
      create(:{{ f.model_factory }}, project: project_3)
    end

    # In a group the node does not sync
    let!(:last_replicable_and_not_in_selective_sync) do
      create(:{{ f.model_factory }}, project: project_4)
    end
{%- else %}

    # In the synced root group, stored remotely
    let!(:third_replicable_on_object_storage_and_in_selective_sync) do
      create(:{{ f.model_factory }}, :remote_store, project: project_1)
    end

    # In a group the node does not sync
    let!(:last_replicable_and_not_in_selective_sync) do
      create(:{{ f.model_factory }}, project: project_3)
    end
{%- endif %}

    include_examples 'Geo Framework selective sync behavior'
  end
{%- endif %}
end
